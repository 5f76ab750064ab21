import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

// One wishlist per MCP session; handlers destructure the request context.
const wishlists = new Map<string, string[]>();

// MCP 2026-07-28 has no sessions (SEP-2567): a wishlist is reached through an explicit
// wishlist_id handle that open_wishlist mints and the model passes back. The handle is a bearer
// capability (128 random bits); on authenticated requests the key also holds the caller
// (token subject, else OAuth client), so a handle replayed by another principal finds nothing.
function keyForWishlist(wishlistId: string, auth?: AuthInfo): string {
  return auth ? `${auth.extra?.sub ?? auth.clientId}:${wishlistId}` : wishlistId;
}

// An unknown, closed or foreign handle is a tool error the model can recover from.
function unknownWishlist(wishlistId: string) {
  return {
    content: [{ type: 'text' as const, text: `Unknown or expired wishlist_id "${wishlistId}". Call open_wishlist to get a new one.` }],
    isError: true,
  };
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'wishlist', version: '1.0.0' });

  // Replaces the implicit per-session wishlist: 16 bytes from the CSPRNG, base64url (22 chars).
  server.registerTool(
    'open_wishlist',
    { description: 'Open a new wishlist and return its wishlist_id. Pass wishlist_id to wish, show_wishes, forget_wish and clear_wishes. The wishlist lasts until clear_wishes ends it, or the server restarts.' },
    async (extra) => {
      const wishlist_id = randomBytes(16).toString('base64url');
      wishlists.set(keyForWishlist(wishlist_id, extra.authInfo), []);
      return { content: [{ type: 'text', text: wishlist_id }], structuredContent: { wishlist_id } };
    },
  );

  server.registerTool('wish', { inputSchema: { sku: z.string(), wishlist_id: z.string().describe('wishlist handle returned by open_wishlist') } }, async ({ sku, wishlist_id }, { authInfo }) => {
    const wishlistKey = keyForWishlist(wishlist_id, authInfo);
    if (!wishlists.has(wishlistKey)) return unknownWishlist(wishlist_id);
    wishlists.get(wishlistKey)!.push(sku);
    return { content: [{ type: 'text', text: `wished for ${sku}` }] };
  });

  server.registerTool('show_wishes', { description: 'List the wishlist', inputSchema: { wishlist_id: z.string().describe('wishlist handle returned by open_wishlist') } }, async ({ wishlist_id }, { authInfo }) => {
    const wishlistKey = keyForWishlist(wishlist_id, authInfo);
    if (!wishlists.has(wishlistKey)) return unknownWishlist(wishlist_id);
    const wishes = wishlists.get(wishlistKey) ?? [];
    console.log('wishlist shown to', authInfo?.clientId);
    return { content: [{ type: 'text', text: wishes.join(', ') }] };
  });

  server.tool('forget_wish', { sku: z.string(), wishlist_id: z.string().describe('wishlist handle returned by open_wishlist') }, async ({ sku, wishlist_id }, extra) => {
    const { requestId } = extra;
    const wishlistKey = keyForWishlist(wishlist_id, extra.authInfo);
    if (!wishlists.has(wishlistKey)) return unknownWishlist(wishlist_id);
    const wishes = wishlists.get(wishlistKey) ?? [];
    wishlists.set(wishlistKey, wishes.filter((w) => w !== sku));
    return { content: [{ type: 'text', text: `forgot ${sku} (${requestId})` }] };
  });

  server.tool('clear_wishes', { wishlist_id: z.string().describe('wishlist handle returned by open_wishlist') }, async ({ wishlist_id }, extra) => {
    const wishlistKey = keyForWishlist(wishlist_id, extra.authInfo);
    if (!wishlists.has(wishlistKey)) return unknownWishlist(wishlist_id);
    wishlists.delete(wishlistKey);
    return { content: [{ type: 'text', text: 'cleared' }] };
  });

  return server;
}
