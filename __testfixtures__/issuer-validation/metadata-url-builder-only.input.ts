import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';

export type Provider = OAuthClientProvider;

// Only builds the URL (for display); the SDK fetches the metadata itself.
export function discoveryUrlFor(issuer: string): string {
  const url = new URL(issuer);
  return new URL('/.well-known/oauth-authorization-server', url.origin).href;
}
