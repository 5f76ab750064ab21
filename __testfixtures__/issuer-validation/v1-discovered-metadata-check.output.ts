import express from 'express';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { discoverAuthorizationServerMetadata } from '@modelcontextprotocol/sdk/client/auth.js';

declare const transport: StreamableHTTPClientTransport;

const authServerUrl = 'https://auth.example.com';
const metadata = await discoverAuthorizationServerMetadata(authServerUrl);
if (!metadata) throw new Error(`no authorization server metadata at ${authServerUrl}`);

const app = express();
app.get('/callback', async (req, res) => {
  const code = req.query.code as string;
  // RFC 9207 §2.4 (SEP-2468): reject a response whose `iss` differs from the issuer we redirected to
  // (exact string match), or lacks `iss` when that authorization server advertises support for it.
  const iss = req.query.iss;
  const issAdvertised = 'authorization_response_iss_parameter_supported' in metadata && metadata.authorization_response_iss_parameter_supported === true;
  if (iss === undefined ? issAdvertised : iss !== metadata.issuer) {
    res.status(400).send('Authorization response rejected: wrong or missing issuer (RFC 9207)');
    return;
  }
  await transport.finishAuth(code);
  res.send('Signed in');
});
app.listen(8090);
