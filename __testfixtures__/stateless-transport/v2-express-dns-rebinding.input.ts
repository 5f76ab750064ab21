// One handler for POST, GET and DELETE, and the v1-era DNS rebinding check on the transport:
// only requests whose Host names this machine are served.
import express from 'express';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { McpServer, isInitializeRequest } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

// The port the server listens on (PORT=0 picks one): the Host check names it.
let port = Number(process.env.PORT ?? 3000);

function diceServer(): McpServer {
  const server = new McpServer({ name: 'guarded-dice', version: '1.2.0' });
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: z.object({ sides: z.number().int().min(2) }) },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  return server;
}

const app = express();
app.use(express.json());

const open = new Map<string, NodeStreamableHTTPServerTransport>();

const handleMcp = async (req: express.Request, res: express.Response) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  let transport = sessionId ? open.get(sessionId) : undefined;

  if (!transport && !sessionId && isInitializeRequest(req.body)) {
    transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        open.set(id, transport!);
      },
      allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`, '[::1]'],
      enableDnsRebindingProtection: true,
    });
    transport.onclose = () => {
      if (transport?.sessionId) open.delete(transport.sessionId);
    };
    await diceServer().connect(transport);
  }

  if (!transport) {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: invalid or missing session' }, id: null });
    return;
  }

  await transport.handleRequest(req, res, req.body);
};

app.post('/mcp', handleMcp);
app.get('/mcp', handleMcp);
app.delete('/mcp', handleMcp);

const listener = app.listen(port, '127.0.0.1', () => {
  const address = listener.address();
  if (typeof address === 'object' && address) port = address.port;
  console.log(`listening ${port}`);
});
