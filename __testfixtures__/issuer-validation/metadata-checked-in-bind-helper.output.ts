/**
 * Discovery whose URLs come from a list builder and whose RFC 8414 §3.3 check lives in the
 * helper the fetching loop hands each response to: already compliant, left alone.
 */
interface Binding {
  tokenEndpoint?: string;
}

function metadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname === '/' ? '' : issuer.pathname;
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    new URL(`/.well-known/openid-configuration${path}`, issuer.origin),
    new URL(`${path}/.well-known/openid-configuration`, issuer.origin),
  ];
}

function bindMetadata(metadata: Record<string, unknown>, expectedIssuer: string, binding: Binding): void {
  if (typeof metadata.issuer !== 'string' || new URL(metadata.issuer).href !== expectedIssuer) {
    throw new Error('authorization server metadata issuer mismatch');
  }
  binding.tokenEndpoint = String(metadata.token_endpoint);
}

export async function discover(issuer: string): Promise<Binding> {
  const binding: Binding = {};
  for (const url of metadataUrls(new URL(issuer))) {
    const response = await fetch(url, { redirect: 'manual' });
    if (!response.ok) continue;
    bindMetadata((await response.json()) as Record<string, unknown>, issuer, binding);
    return binding;
  }
  throw new Error(`no metadata for ${issuer}`);
}
