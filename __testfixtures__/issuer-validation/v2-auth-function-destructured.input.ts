import { auth, StreamableHTTPClientTransport, type OAuthClientProvider } from '@modelcontextprotocol/client';

declare const provider: OAuthClientProvider;
declare const transport: StreamableHTTPClientTransport;

export async function completeWithAuth(callbackUrl: string, serverUrl: string) {
  const { searchParams } = new URL(callbackUrl);
  const code = searchParams.get('code') ?? undefined;
  return auth(provider, { serverUrl, authorizationCode: code });
}

export async function completeFromEntries(callbackUrl: string) {
  const url = new URL(callbackUrl);
  const { code, state } = Object.fromEntries(url.searchParams);
  console.log('state', state);
  await transport.finishAuth(code);
}
