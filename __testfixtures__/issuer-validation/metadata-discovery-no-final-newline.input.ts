/** Discovery helpers; the second one returns the parsed document directly. */
export async function loadMetadata(issuer: string) {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  const metadata = await response.json();
  return metadata;
}

export async function loadMetadataShort(issuer: string) {
  const response = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
  return response.json();
}