import { auth, StreamableHTTPClientTransport, type OAuthClientProvider } from '@modelcontextprotocol/client';

declare const provider: OAuthClientProvider;
declare const transport: StreamableHTTPClientTransport;

// Already validating: the SDK compares `iss` when it gets the params or the iss value.
export async function viaParams(callbackUrl: string) {
  const url = new URL(callbackUrl);
  await transport.finishAuth(url.searchParams);
}

export async function viaCodeAndIss(callbackUrl: string) {
  const params = new URL(callbackUrl).searchParams;
  await transport.finishAuth(params.get('code')!, params.get('iss') ?? undefined);
}

export async function viaAuth(callbackUrl: string, serverUrl: string) {
  const params = new URL(callbackUrl).searchParams;
  return auth(provider, { serverUrl, authorizationCode: params.get('code')!, iss: params.get('iss') ?? undefined });
}
