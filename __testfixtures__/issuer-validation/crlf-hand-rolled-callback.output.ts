import { createServer } from 'node:http';

const issuer = 'https://login.example.com';
const metadata = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();

// RFC 8414 §3.3: use the metadata only if it names the issuer its URL was built from.
if (metadata.issuer !== issuer) {
  throw new Error('Authorization server metadata rejected: issuer mismatch (RFC 8414 §3.3)');
}

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // RFC 9207 §2.4 (SEP-2468): reject a response whose `iss` differs from the issuer we redirected to
  // (exact string match), or lacks `iss` when that authorization server advertises support for it.
  const iss = url.searchParams.get('iss');
  const issAdvertised = 'authorization_response_iss_parameter_supported' in metadata && metadata.authorization_response_iss_parameter_supported === true;
  if (iss === null ? issAdvertised : iss !== metadata.issuer) {
    res.statusCode = 400;
    res.end('Authorization response rejected: wrong or missing issuer (RFC 9207)');
    return;
  }
  const tokenResponse = await fetch(metadata.token_endpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: url.searchParams.get('code') ?? '',
      redirect_uri: 'http://localhost:3000/cb',
    }),
  });
  res.end(tokenResponse.ok ? 'ok' : 'failed');
}).listen(3000);
