import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/server';

// One cart per MCP session.
const carts = new Map<string, string[]>();

// MCP 2026-07-28 has no sessions (SEP-2567): a cart is reached through an explicit
// cart_id handle that open_cart mints and the model passes back. The handle is a bearer
// capability (128 random bits); on authenticated requests the key also holds the caller
// (token subject, else OAuth client), so a handle replayed by another principal finds nothing.
function keyForCart(cartId: string, auth?: AuthInfo): string {
  return auth ? `${auth.extra?.sub ?? auth.clientId}:${cartId}` : cartId;
}

// An unknown, closed or foreign handle is a tool error the model can recover from.
function unknownCart(cartId: string) {
  return {
    content: [{ type: 'text' as const, text: `Unknown or expired cart_id "${cartId}". Call open_cart to get a new one.` }],
    isError: true,
  };
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'cart', version: '1.0.0' });

  // Replaces the implicit per-session cart: 16 bytes from the CSPRNG, base64url (22 chars).
  server.registerTool(
    'open_cart',
    { description: 'Open a new cart and return its cart_id. Pass cart_id to add_item and checkout. The cart lasts until checkout ends it, or the server restarts.' },
    async (ctx) => {
      const cart_id = randomBytes(16).toString('base64url');
      carts.set(keyForCart(cart_id, ctx.http?.authInfo), []);
      return { content: [{ type: 'text', text: cart_id }], structuredContent: { cart_id } };
    },
  );

  server.registerTool(
    'add_item',
    { description: 'Add an item to the cart', inputSchema: z.object({ sku: z.string(), cart_id: z.string().describe('cart handle returned by open_cart') }) },
    async ({ sku, cart_id }, ctx) => {
      const cartKey = keyForCart(cart_id, ctx.http?.authInfo);
      if (!carts.has(cartKey)) return unknownCart(cart_id);
      carts.get(cartKey)!.push(sku);
      return { content: [{ type: 'text', text: `added ${sku}` }] };
    },
  );

  server.registerTool('checkout', { description: 'Check out the cart', inputSchema: { cart_id: z.string().describe('cart handle returned by open_cart') } }, async ({ cart_id }, ctx) => {
    const cartKey = keyForCart(cart_id, ctx.http?.authInfo);
    if (!carts.has(cartKey)) return unknownCart(cart_id);
    const items = carts.get(cartKey) ?? [];
    carts.delete(cartKey);
    return {
      content: [{ type: 'text', text: `checked out ${items.length} items: ${items.join(', ')}` }],
      structuredContent: { items },
    };
  });

  return server;
}
