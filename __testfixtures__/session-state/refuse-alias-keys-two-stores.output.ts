import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const carts = new Map<string, string[]>();
const wishlists = new Map<string, string[]>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'shop', version: '1.0.0' });
  server.registerTool('move_to_cart', { inputSchema: { sku: z.string() } }, async ({ sku }, extra) => {
    /* mcp-migrate(session-state): `sid` keys carts and wishlists: one handle per store is what mcp-migrate generates; decide whether they share one handle and rewrite by hand (sessions are gone in 2026-07-28, SEP-2567) */
    const sid = extra.sessionId!;
    if (!carts.has(sid)) carts.set(sid, []);
    if (!wishlists.has(sid)) wishlists.set(sid, []);
    wishlists.set(sid, wishlists.get(sid)!.filter((w) => w !== sku));
    carts.get(sid)!.push(sku);
    return { content: [{ type: 'text', text: `moved ${sku}` }] };
  });
  return server;
}
