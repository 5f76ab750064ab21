import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

interface Cart {
  items: Array<{ sku: string; quantity: number }>;
}

// Each MCP session gets its own cart; it lives as long as the session does.
const carts = new Map<string, Cart>();

export function buildCartServer(): McpServer {
  const server = new McpServer({ name: 'acme-cart', version: '0.9.1' });

  server.tool(
    'add_item',
    'Add a product to the shopping cart',
    { sku: z.string(), quantity: z.number().int().positive() },
    async ({ sku, quantity }, extra) => {
      const sessionId = extra.sessionId!;
      if (!carts.has(sessionId)) carts.set(sessionId, { items: [] });
      const cart = carts.get(sessionId)!;
      cart.items.push({ sku, quantity });
      return { content: [{ type: 'text', text: `${cart.items.length} line(s) in the cart` }] };
    },
  );

  server.tool('checkout', 'Place the order for everything in the cart', {}, async (_args, extra) => {
    const cart = carts.get(extra.sessionId!);
    const count = cart?.items.reduce((n, i) => n + i.quantity, 0) ?? 0;
    carts.delete(extra.sessionId!);
    return { content: [{ type: 'text', text: `ordered ${count} item(s)` }] };
  });

  return server;
}
