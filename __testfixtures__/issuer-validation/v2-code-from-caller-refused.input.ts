import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

declare const transport: StreamableHTTPClientTransport;

/** Called by the desktop shell with the code it pulled out of the deep link. */
export async function completeLogin(code: string): Promise<void> {
  await transport.finishAuth(code);
}
