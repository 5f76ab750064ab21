// One handler for POST, GET and DELETE, and the v1-era DNS rebinding check on the transport:
// only requests whose Host names this machine are served.
import express from 'express';
import * as z from 'zod';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler, hostHeaderValidation } from '@modelcontextprotocol/node';

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

const validateHost = hostHeaderValidation(['127.0.0.1', 'localhost', '[::1]']);
const mcpHandler = toNodeHandler(createMcpHandler(() => diceServer(), { legacy: 'stateless' }));

app.all('/mcp', (req, res) => {
  if (validateHost(req, res)) void mcpHandler(req, res, req.body);
});

const listener = app.listen(port, '127.0.0.1', () => {
  const address = listener.address();
  if (typeof address === 'object' && address) port = address.port;
  console.log(`listening ${port}`);
});
