import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';

export type Provider = OAuthClientProvider;

// Builds the discovery URL; shown in the debug panel, fetched below.
export const metadataUrl = (issuer: string): string => {
  const base = new URL(issuer);
  return new URL('/.well-known/oauth-authorization-server', base.origin).href;
};

export async function loadMetadata(issuer: string) {
  /* mcp-migrate(issuer-validation): check that the metadata fetched here (URL from metadataUrl()) has `issuer` equal to the issuer the URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468) */
  const response = await fetch(metadataUrl(issuer));
  const metadata = await response.json();
  return { tokenEndpoint: metadata.token_endpoint as string, metadata };
}
