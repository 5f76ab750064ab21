// The route builds its server from a value it awaits first (a config lookup), then hands the
// server to a helper that registers the tools.
import express from 'express';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { McpServer, isInitializeRequest } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

async function loadLabel(): Promise<string> {
  return process.env.DICE_LABEL ?? 'd';
}

function addDiceTools(server: McpServer, label: string): void {
  server.registerTool(
    'roll',
    { description: `Roll a ${label}`, inputSchema: z.object({ sides: z.number().int().min(2) }) },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
}

const app = express();
app.use(express.json());

const sessions = new Map<string, NodeStreamableHTTPServerTransport>();

app.post('/mcp', async (req, res) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  let transport = sessionId ? sessions.get(sessionId) : undefined;
  if (!transport && !sessionId && isInitializeRequest(req.body)) {
    transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, transport!);
      },
    });
    const server = new McpServer({ name: 'labelled-dice', version: '0.9.0' });
    const label = await loadLabel();
    addDiceTools(server, label);
    await server.connect(transport);
  }
  if (!transport) {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request' }, id: null });
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

app.get('/mcp', async (req, res) => {
  const transport = sessions.get(req.headers['mcp-session-id'] as string);
  if (!transport) {
    res.status(400).send('Invalid or missing session ID');
    return;
  }
  await transport.handleRequest(req, res);
});

const listener = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = listener.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
