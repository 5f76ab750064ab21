/** Discovery helpers; the second one returns the parsed document directly. */
export async function loadMetadata(issuer: string) {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  const metadata = await response.json();
  // RFC 8414 §3.3: use the metadata only if it names the issuer its URL was built from.
  if (metadata.issuer !== issuer) {
    throw new Error('Authorization server metadata rejected: issuer mismatch (RFC 8414 §3.3)');
  }
  return metadata;
}

export async function loadMetadataShort(issuer: string) {
  const response = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
  const metadata = await response.json();
  // RFC 8414 §3.3: use the metadata only if it names the issuer its URL was built from.
  if (metadata.issuer !== issuer) {
    throw new Error('Authorization server metadata rejected: issuer mismatch (RFC 8414 §3.3)');
  }
  return metadata;
}