// A status route reports how many sessions are open; it is not part of the MCP route.
import express from 'express';
import * as z from 'zod';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport, toNodeHandler } from '@modelcontextprotocol/node';

const app = express();
app.use(express.json());

const sessions: Record<string, NodeStreamableHTTPServerTransport> = {};

const mcpHandler = toNodeHandler(
  createMcpHandler(() => {
    const server = new McpServer({ name: 'status-dice', version: '1.2.0' });
    server.registerTool(
      'roll',
      { description: 'Roll a die', inputSchema: z.object({ sides: z.number().int().min(2) }) },
      async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
    );
    return server;
  }, { legacy: 'stateless' }),
);
app.all('/mcp', (req, res) => mcpHandler(req, res, req.body));

app.get('/status', (_req, res) => {
  res.json({ ok: true, openSessions: Object.keys(sessions).length });
});

const listener = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = listener.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
