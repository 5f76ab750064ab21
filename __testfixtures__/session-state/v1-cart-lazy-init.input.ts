import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// One cart per MCP session.
const carts = new Map<string, string[]>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'cart', version: '1.0.0' });

  server.registerTool(
    'add_item',
    { description: 'Add an item to the cart', inputSchema: { sku: z.string() } },
    async ({ sku }, extra) => {
      const sessionId = extra.sessionId!;
      if (!carts.has(sessionId)) carts.set(sessionId, []);
      carts.get(sessionId)!.push(sku);
      return { content: [{ type: 'text', text: `added ${sku}` }] };
    },
  );

  server.registerTool('checkout', { description: 'Check out the cart' }, async (extra) => {
    const items = carts.get(extra.sessionId!) ?? [];
    carts.delete(extra.sessionId!);
    return {
      content: [{ type: 'text', text: `checked out ${items.length} items: ${items.join(', ')}` }],
      structuredContent: { items },
    };
  });

  return server;
}
