import express from 'express';
import * as z from 'zod';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';

const MCP_PATH = '/mcp';

function quoteServer(): McpServer {
  const server = new McpServer({ name: 'dice-json', version: '2.0.0' });
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: z.object({ sides: z.number().int().min(2) }) },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  return server;
}

const app = express();
app.use(express.json());
const mcpHandler = toNodeHandler(createMcpHandler(() => quoteServer(), { legacy: 'stateless', responseMode: 'json' }));

app.all(MCP_PATH, (req, res) => mcpHandler(req, res, req.body));

const listener = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = listener.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
