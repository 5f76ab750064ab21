// Tab-indented discovery helpers.
export async function discover(issuer: string) {
	const res = await fetch(new URL('/.well-known/openid-configuration', issuer));
	if (!res.ok) {
		throw new Error(`discovery failed: ${res.status}`);
	}
	const metadata = (await res.json()) as { issuer: string; token_endpoint: string };
	// RFC 8414 §3.3: use the metadata only if it names the issuer we asked for (exact match;
	// an issuer with a path fails, as this URL drops the path that RFC 8414 §3.1 keeps).
	if (metadata.issuer !== issuer) {
		throw new Error('Authorization server metadata rejected: issuer mismatch (RFC 8414 §3.3)');
	}
	return metadata;
}

// One line: nothing to split the return from, so a marker.
/* mcp-migrate(issuer-validation): check that the fetched metadata `issuer` equals the issuer this URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468); not inserted automatically: the metadata is returned from a statement the transform cannot split */
export async function discoverInline(issuer: string) { return (await fetch(`${issuer}/.well-known/openid-configuration`)).json(); }
