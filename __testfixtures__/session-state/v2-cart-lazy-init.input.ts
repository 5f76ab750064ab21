import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

// One cart per MCP session.
const carts = new Map<string, string[]>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'cart', version: '1.0.0' });

  server.registerTool(
    'add_item',
    { description: 'Add an item to the cart', inputSchema: z.object({ sku: z.string() }) },
    async ({ sku }, ctx) => {
      const sessionId = ctx.sessionId!;
      if (!carts.has(sessionId)) carts.set(sessionId, []);
      carts.get(sessionId)!.push(sku);
      return { content: [{ type: 'text', text: `added ${sku}` }] };
    },
  );

  server.registerTool('checkout', { description: 'Check out the cart' }, async (ctx) => {
    const items = carts.get(ctx.sessionId!) ?? [];
    carts.delete(ctx.sessionId!);
    return {
      content: [{ type: 'text', text: `checked out ${items.length} items: ${items.join(', ')}` }],
      structuredContent: { items },
    };
  });

  return server;
}
