import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

// One process per client on stdio, so this list belongs to that client.
const history: string[] = [];

const server = new McpServer({ name: 'history', version: '1.0.0' });
server.registerTool('remember', { inputSchema: { entry: z.string() } }, async ({ entry }) => {
  history.push(entry);
  return { content: [{ type: 'text', text: `${history.length} entries` }] };
});

await server.connect(new StdioServerTransport());
