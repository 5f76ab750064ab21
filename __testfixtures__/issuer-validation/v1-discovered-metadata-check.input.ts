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
  await transport.finishAuth(code);
  res.send('Signed in');
});
app.listen(8090);
