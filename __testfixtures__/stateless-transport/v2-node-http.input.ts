import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { McpServer, isInitializeRequest } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

const transports: { [id: string]: NodeStreamableHTTPServerTransport } = {};

function buildServer() {
  const server = new McpServer({ name: 'dice', version: '2.0.0' });
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: z.object({ sides: z.number().int().min(2) }) },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  return server;
}

const http = createServer(async (req, res) => {
  if (!req.url?.startsWith('/mcp')) {
    res.writeHead(404).end();
    return;
  }
  const sid = req.headers['mcp-session-id'] as string | undefined;
  if (sid && transports[sid]) {
    await transports[sid].handleRequest(req, res);
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(400).end('Missing session');
    return;
  }
  const transport = new NodeStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      transports[id] = transport;
    },
  });
  transport.onclose = () => {
    if (transport.sessionId) delete transports[transport.sessionId];
  };
  const server = buildServer();
  await server.connect(transport);
  await transport.handleRequest(req, res);
});

http.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = http.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
