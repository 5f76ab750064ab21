/** Authorization server metadata discovery written with `new URL(path, issuer)`. */
interface ServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

const METADATA_PATH = '/.well-known/oauth-authorization-server';

// The response is parsed and returned in one statement.
export async function discover(issuer: string): Promise<ServerMetadata> {
  const res = await fetch(new URL('/.well-known/oauth-authorization-server', issuer));
  if (!res.ok) throw new Error(`metadata fetch failed: ${res.status}`);
  return (await res.json()) as ServerMetadata;
}

// OpenID Connect discovery, the URL kept in a const and fetched by its href.
export async function discoverOpenId(issuer: string) {
  const configUrl = new URL(`/.well-known/openid-configuration`, issuer);
  const config = await (await fetch(configUrl.href)).json();
  return { authorize: config.authorization_endpoint as string, token: config.token_endpoint as string };
}

// The well-known path in a const of its own.
export async function tokenEndpointOf(issuer: string): Promise<string> {
  const response = await fetch(new URL(METADATA_PATH, issuer));
  const metadata: ServerMetadata = await response.json();

  return metadata.token_endpoint;
}

// An unparsed `return response.json()` from an async function.
export async function rawMetadata(issuer = 'https://auth.example.com') {
  const response = await fetch(new URL('/.well-known/oauth-authorization-server', issuer));
  return response.json();
}

// Already checked by hand: left alone.
export async function checkedMetadata(issuer: string): Promise<ServerMetadata> {
  const response = await fetch(new URL('/.well-known/oauth-authorization-server', issuer));
  const metadata = (await response.json()) as ServerMetadata;
  if (metadata.issuer !== issuer) throw new Error('issuer mismatch');
  return metadata;
}

// RFC 8414 first, then OpenID Connect discovery.
export async function discoverWithFallback(issuer: string): Promise<ServerMetadata> {
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    const response = await fetch(new URL(path, issuer));
    if (!response.ok) continue;
    return (await response.json()) as ServerMetadata;
  }
  throw new Error(`no authorization server metadata for ${issuer}`);
}
