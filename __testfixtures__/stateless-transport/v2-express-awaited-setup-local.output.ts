// The route builds its server from a value it awaits first (a config lookup), then hands the
// server to a helper that registers the tools.
import express from 'express';
import * as z from 'zod';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';

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

const mcpHandler = toNodeHandler(
  createMcpHandler(async () => {
    const server = new McpServer({ name: 'labelled-dice', version: '0.9.0' });
    const label = await loadLabel();
    addDiceTools(server, label);
    return server;
  }, { legacy: 'stateless' }),
);

app.all('/mcp', (req, res) => mcpHandler(req, res, req.body));

const listener = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = listener.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
