import express from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const ROUTES = { health: '/healthz', mcp: '/mcp' } as const;
const sessionPath = ROUTES.mcp;

function diceServer(): McpServer {
  const server = new McpServer({ name: 'dice-constants', version: '0.1.0' });
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: { sides: z.number().int().min(2) } },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  return server;
}

const app = express();
app.use(express.json());
app.get(ROUTES.health, (_req, res) => {
  res.send('ok');
});

const sessions = new Map<string, StreamableHTTPServerTransport>();

app.post(ROUTES.mcp, async (req, res) => {
  const id = req.headers['mcp-session-id'] as string | undefined;
  let transport = id ? sessions.get(id) : undefined;
  if (!transport) {
    if (id || !isInitializeRequest(req.body)) {
      res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: no session' }, id: null });
      return;
    }
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        sessions.set(sid, transport!);
      },
    });
    await diceServer().connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});

app.delete(sessionPath, async (req, res) => {
  const id = req.headers['mcp-session-id'] as string | undefined;
  const transport = id ? sessions.get(id) : undefined;
  if (!transport) {
    res.status(404).end();
    return;
  }
  await transport.handleRequest(req, res);
});

const listener = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = listener.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
