import { createServer } from 'node:http';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

declare const transport: StreamableHTTPClientTransport;

// The OAuth redirect lands here; `code` comes from the callback URL's search params.
createServer(async (req, res) => {
  const url = new URL(req.url!, 'http://localhost:8090');
  const code = url.searchParams.get('code');
  if (!code) {
    res.writeHead(400).end('Missing code');
    return;
  }
  await transport.finishAuth(url.searchParams);
  res.end('Signed in, you can close this tab.');
}).listen(8090);
