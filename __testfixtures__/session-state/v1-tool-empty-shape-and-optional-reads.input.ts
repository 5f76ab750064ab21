import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// Bookmarks per MCP session. `{}` is the (empty) argument shape, so handlers get (args, extra).
const bookmarks = new Map<string, string[]>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'bookmarks', version: '1.0.0' });

  server.tool('bookmark', 'Bookmark a page', { url: z.string() }, async ({ url }, extra) => {
    if (!bookmarks.has(extra?.sessionId ?? '')) bookmarks.set(extra?.sessionId ?? '', []);
    bookmarks.get(extra?.sessionId ?? '')!.push(url);
    return { content: [{ type: 'text', text: `saved ${url}` }] };
  });

  server.tool('list_bookmarks', 'List bookmarks', {}, async (_args, extra) => {
    const saved = bookmarks.get(extra['sessionId'] ?? '') ?? [];
    return { content: [{ type: 'text', text: saved.join('\n') }] };
  });

  // A tool argument that happens to be called sessionId is not the protocol session: left alone.
  server.tool('lookup_checkout', { sessionId: z.string() }, { readOnlyHint: true }, async (args) => {
    return { content: [{ type: 'text', text: `checkout ${args.sessionId}` }] };
  });

  return server;
}
