import { auth, type OAuthClientProvider } from '@modelcontextprotocol/client';

declare const provider: OAuthClientProvider;

interface CapturedResponse {
  code: string;
  iss?: string;
}

// The provider captured the whole authorization response; iss goes to the SDK when present.
export async function complete(serverUrl: string, captured: CapturedResponse | undefined, authCode: string) {
  await auth(provider, {
    serverUrl,
    authorizationCode: authCode,
    ...(captured?.iss !== undefined ? { iss: captured.iss } : {}),
  });
}
