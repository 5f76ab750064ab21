import express from 'express';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { McpServer, isInitializeRequest } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

let count = 0;

function watchServer(): McpServer {
  const server = new McpServer({ name: 'watch', version: '2.0.0' }, { capabilities: { resources: { subscribe: true } } });
  server.registerResource('counter', 'counter://main', { mimeType: 'text/plain' }, async () => ({
    contents: [{ uri: 'counter://main', text: String(count) }],
  }));
  // Subscribers hear about changes on their own session's stream.
  server.server.setRequestHandler('resources/subscribe', async () => ({}));
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: z.object({ sides: z.number().int().min(2) }) },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  server.registerTool('bump', { description: 'Bump the counter' }, async () => {
    count++;
    await server.server.sendResourceUpdated({ uri: 'counter://main' });
    return { content: [{ type: 'text', text: String(count) }] };
  });
  return server;
}

const app = express();
app.use(express.json());
const transports = new Map<string, NodeStreamableHTTPServerTransport>();

app.post('/mcp', async (req, res) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  let transport = sessionId ? transports.get(sessionId) : undefined;
  if (!transport && !sessionId && isInitializeRequest(req.body)) {
    /* mcp-migrate(stateless-transport): this server uses its sessions for resource subscriptions, which a per-request server cannot carry, so the route is not rewritten: keep this sessionful endpoint for 2025-era clients and put a 2026-07-28 leg in front of it (`--sdk v2 --legacy keep` writes it: `isLegacyRequest` → this code, else createMcpHandler), with those features in their stateless form there (server→client requests become input_required results, SEP-2322) (SEP-2567) */
    transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports.set(id, transport!);
      },
    });
    await watchServer().connect(transport);
  }
  if (!transport) {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: no session' }, id: null });
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

const sessionRequest = async (req: express.Request, res: express.Response) => {
  const transport = transports.get(req.headers['mcp-session-id'] as string);
  if (!transport) {
    res.status(400).send('Invalid or missing session ID');
    return;
  }
  await transport.handleRequest(req, res);
};
app.get('/mcp', sessionRequest);
app.delete('/mcp', sessionRequest);

const listener = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = listener.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
