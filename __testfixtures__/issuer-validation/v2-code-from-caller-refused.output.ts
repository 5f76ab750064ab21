import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

declare const transport: StreamableHTTPClientTransport;

/** Called by the desktop shell with the code it pulled out of the deep link. */
export async function completeLogin(code: string): Promise<void> {
  /* mcp-migrate(issuer-validation): pass the authorization callback URLSearchParams to finishAuth(params) (or finishAuth(code, iss)) so the SDK validates `iss` (RFC 9207, SEP-2468); the code here does not come from a callback URL in reach */
  await transport.finishAuth(code);
}
