/**
 * A hand-rolled OAuth client on node:http: RFC 8414 discovery at startup, a /callback
 * handler that parses the redirect with new URL(req.url) and exchanges the code with a
 * form body written as a string. Prints `AUTHORIZE <url>` once listening.
 */
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

const issuer = process.env.AS_URL ?? 'http://127.0.0.1:9000';
const discoveryUrl = issuer + '/.well-known/oauth-authorization-server';
const metadataResponse = await fetch(discoveryUrl);
const metadata = await metadataResponse.json();

// RFC 8414 §3.3: use the metadata only if it names the issuer its URL was built from.
if (metadata.issuer !== issuer) {
  throw new Error('Authorization server metadata rejected: issuer mismatch (RFC 8414 §3.3)');
}

const clientId = 'node-http-client';
const verifier = randomBytes(32).toString('base64url');
let redirectUri = '';

const server = createServer(async (req, res) => {
  const { pathname, searchParams } = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (pathname !== '/callback') {
    res.writeHead(404).end();
    return;
  }
  // RFC 9207 §2.4 (SEP-2468): reject a response whose `iss` differs from the issuer we redirected to
  // (exact string match), or lacks `iss` when that authorization server advertises support for it.
  const iss = searchParams.get('iss');
  const issAdvertised = 'authorization_response_iss_parameter_supported' in metadata && metadata.authorization_response_iss_parameter_supported === true;
  if (iss === null ? issAdvertised : iss !== metadata.issuer) {
    res.statusCode = 400;
    res.end('Authorization response rejected: wrong or missing issuer (RFC 9207)');
    return;
  }
  if (searchParams.has('error')) {
    res.writeHead(400).end(`Sign-in failed: ${searchParams.get('error_description')}`);
    return;
  }
  const code = searchParams.get('code') ?? '';
  const tokenResponse = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=authorization_code&code=${encodeURIComponent(code)}&redirect_uri=${encodeURIComponent(redirectUri)}&client_id=${clientId}&code_verifier=${verifier}`,
  });
  const tokens = await tokenResponse.json();
  res.writeHead(200).end(tokens.access_token ? 'Signed in' : 'No token');
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  redirectUri = `http://127.0.0.1:${port}/callback`;
  const authorize = new URL(metadata.authorization_endpoint);
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('client_id', clientId);
  authorize.searchParams.set('redirect_uri', redirectUri);
  authorize.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
  authorize.searchParams.set('code_challenge_method', 'S256');
  console.log(`AUTHORIZE ${authorize.href}`);
});
