/** Discovery shapes the transform cannot check on its own: each gets a marker. */
declare function httpGetJson(url: string): Promise<unknown>;

// The base is a URL object: `metadata.issuer` (a string) could never equal it.
export async function fromServerUrl(serverUrl: URL) {
  const res = await fetch(new URL('/.well-known/oauth-authorization-server', serverUrl));
  const metadata = await res.json();
  return metadata.token_endpoint as string;
}

// A literal URL: whether the issuer is `https://auth.example.com` or `…com/` is not in it.
export async function fixedServer() {
  const res = await fetch('https://auth.example.com/.well-known/openid-configuration');
  const metadata = await res.json();
  return metadata.token_endpoint as string;
}

// Fetched by another HTTP client.
export async function viaHelper(issuer: string) {
  const url = `${issuer}/.well-known/oauth-authorization-server`;
  console.log(url);
  const metadata = (await httpGetJson(url)) as { issuer: string };
  return metadata;
}

// The declared metadata type has no `issuer` to compare.
export async function typedWithoutIssuer(issuer: string) {
  const res = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
  const metadata = (await res.json()) as { token_endpoint: string };
  return metadata.token_endpoint;
}

// Parsed in a promise chain.
export async function chained(issuer: string) {
  const metadata = await fetch(`${issuer}/.well-known/openid-configuration`).then((r) => r.json());
  return metadata.token_endpoint as string;
}

// Messages that mention the path are not URLs.
export function describeDiscovery(issuer: string) {
  return `metadata for ${issuer} is served at /.well-known/oauth-authorization-server`;
}
