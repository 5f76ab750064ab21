/** Discovery shapes the transform cannot check on its own: each gets a marker. */
declare function httpGetJson(url: string): Promise<unknown>;

// The base is a URL object: `metadata.issuer` (a string) could never equal it.
export async function fromServerUrl(serverUrl: URL) {
  /* mcp-migrate(issuer-validation): check that the fetched metadata `issuer` equals the issuer this URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468); not inserted automatically: `serverUrl` is not known to be the issuer string (a URL object never equals a string) */
  const res = await fetch(new URL('/.well-known/oauth-authorization-server', serverUrl));
  const metadata = await res.json();
  return metadata.token_endpoint as string;
}

// A literal URL: whether the issuer is `https://auth.example.com` or `…com/` is not in it.
export async function fixedServer() {
  /* mcp-migrate(issuer-validation): check that the fetched metadata `issuer` equals the issuer this URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468); not inserted automatically: the issuer cannot be read back from this URL (a literal URL may or may not end its issuer in `/`) */
  const res = await fetch('https://auth.example.com/.well-known/openid-configuration');
  const metadata = await res.json();
  return metadata.token_endpoint as string;
}

// Fetched by another HTTP client.
export async function viaHelper(issuer: string) {
  const url = `${issuer}/.well-known/oauth-authorization-server`;
  console.log(url);
  /* mcp-migrate(issuer-validation): this fetches authorization server metadata through httpGetJson(): check that the metadata `issuer` it returns equals the issuer the URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468) */
  const metadata = (await httpGetJson(url)) as { issuer: string };
  return metadata;
}

// The declared metadata type has no `issuer` to compare.
export async function typedWithoutIssuer(issuer: string) {
  /* mcp-migrate(issuer-validation): check that the fetched metadata `issuer` equals the issuer this URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468); not inserted automatically: its type `{ token_endpoint: string }` does not declare `issuer` */
  const res = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
  const metadata = (await res.json()) as { token_endpoint: string };
  return metadata.token_endpoint;
}

// Parsed in a promise chain.
export async function chained(issuer: string) {
  /* mcp-migrate(issuer-validation): check that the fetched metadata `issuer` equals the issuer this URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468); not inserted automatically: the response is not parsed with `.json()` where the transform can follow it */
  const metadata = await fetch(`${issuer}/.well-known/openid-configuration`).then((r) => r.json());
  return metadata.token_endpoint as string;
}

// Messages that mention the path are not URLs.
export function describeDiscovery(issuer: string) {
  return `metadata for ${issuer} is served at /.well-known/oauth-authorization-server`;
}
