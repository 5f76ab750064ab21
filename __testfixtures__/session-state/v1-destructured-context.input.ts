import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// One wishlist per MCP session; handlers destructure the request context.
const wishlists = new Map<string, string[]>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'wishlist', version: '1.0.0' });

  server.registerTool('wish', { inputSchema: { sku: z.string() } }, async ({ sku }, { sessionId }) => {
    if (!wishlists.has(sessionId!)) wishlists.set(sessionId!, []);
    wishlists.get(sessionId!)!.push(sku);
    return { content: [{ type: 'text', text: `wished for ${sku}` }] };
  });

  server.registerTool('show_wishes', { description: 'List the wishlist' }, async ({ sessionId, authInfo }) => {
    const wishes = wishlists.get(sessionId!) ?? [];
    console.log('wishlist shown to', authInfo?.clientId);
    return { content: [{ type: 'text', text: wishes.join(', ') }] };
  });

  server.tool('forget_wish', { sku: z.string() }, async ({ sku }, extra) => {
    const { sessionId, requestId } = extra;
    const wishes = wishlists.get(sessionId!) ?? [];
    wishlists.set(sessionId!, wishes.filter((w) => w !== sku));
    return { content: [{ type: 'text', text: `forgot ${sku} (${requestId})` }] };
  });

  server.tool('clear_wishes', async (extra) => {
    const { sessionId: sid } = extra;
    wishlists.delete(sid!);
    return { content: [{ type: 'text', text: 'cleared' }] };
  });

  return server;
}
