/**
 * A hand-rolled OAuth client inside an express app: OpenID discovery at startup, a
 * /callback route that reads the redirect from req.query and exchanges the code with a
 * JSON body. Prints `AUTHORIZE <url>` once listening (the user's browser would open it).
 */
import express from 'express';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

const issuer = process.env.AS_URL ?? 'http://127.0.0.1:9000';
const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();

// RFC 8414 §3.3: use the metadata only if it names the issuer its URL was built from.
if (metadata.issuer !== issuer) {
  throw new Error('Authorization server metadata rejected: issuer mismatch (RFC 8414 §3.3)');
}

const clientId = 'express-client';
const verifier = randomBytes(32).toString('base64url');
const expectedState = randomBytes(16).toString('base64url');
let redirectUri = '';

const app = express();

app.get('/callback', async (req, res) => {
  // RFC 9207 §2.4 (SEP-2468): reject a response whose `iss` differs from the issuer we redirected to
  // (exact string match), or lacks `iss` when that authorization server advertises support for it.
  const iss = req.query.iss;
  const issAdvertised = 'authorization_response_iss_parameter_supported' in metadata && metadata.authorization_response_iss_parameter_supported === true;
  if (iss === undefined ? issAdvertised : iss !== metadata.issuer) {
    res.status(400).send('Authorization response rejected: wrong or missing issuer (RFC 9207)');
    return;
  }
  const { code, state, error, error_description } = req.query;
  if (error) {
    res.status(400).send(`Sign-in failed: ${String(error_description ?? error)}`);
    return;
  }
  if (typeof code !== 'string' || state !== expectedState) {
    res.status(400).send('Invalid callback');
    return;
  }
  const tokenResponse = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  const tokens = await tokenResponse.json();
  res.send(tokens.access_token ? 'Signed in' : 'No token');
});

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  redirectUri = `http://127.0.0.1:${port}/callback`;
  const authorize = new URL(metadata.authorization_endpoint);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    state: expectedState,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  console.log(`AUTHORIZE ${authorize.href}`);
});
