import { createServer } from 'node:http';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

declare const transport: StreamableHTTPClientTransport;

createServer(async (req, res) => {
  const url = new URL(req.url!, 'http://localhost:8090');
  const code = url.searchParams.get('code');
  if (code) {
    await transport.finishAuth(code);
    res.end('Signed in');
  }
}).listen(8090);
