import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

// Bookmarks per MCP session. `{}` is the (empty) argument shape, so handlers get (args, extra).
const bookmarks = new Map<string, string[]>();

// MCP 2026-07-28 has no sessions (SEP-2567): a bookmark is reached through an explicit
// bookmark_id handle that open_bookmark mints and the model passes back. The handle is a bearer
// capability (128 random bits); on authenticated requests the key also holds the caller
// (token subject, else OAuth client), so a handle replayed by another principal finds nothing.
function keyForBookmark(bookmarkId: string, auth?: AuthInfo): string {
  return auth ? `${auth.extra?.sub ?? auth.clientId}:${bookmarkId}` : bookmarkId;
}

// An unknown, closed or foreign handle is a tool error the model can recover from.
function unknownBookmark(bookmarkId: string) {
  return {
    content: [{ type: 'text' as const, text: `Unknown or expired bookmark_id "${bookmarkId}". Call open_bookmark to get a new one.` }],
    isError: true,
  };
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'bookmarks', version: '1.0.0' });

  // Replaces the implicit per-session bookmark: 16 bytes from the CSPRNG, base64url (22 chars).
  server.registerTool(
    'open_bookmark',
    { description: 'Open a new bookmark and return its bookmark_id. Pass bookmark_id to bookmark and list_bookmarks. The bookmark lasts until the server restarts.' },
    async (extra) => {
      const bookmark_id = randomBytes(16).toString('base64url');
      bookmarks.set(keyForBookmark(bookmark_id, extra.authInfo), []);
      return { content: [{ type: 'text', text: bookmark_id }], structuredContent: { bookmark_id } };
    },
  );

  server.tool('bookmark', 'Bookmark a page', { url: z.string(), bookmark_id: z.string().describe('bookmark handle returned by open_bookmark') }, async ({ url, bookmark_id }, extra) => {
    const bookmarkKey = keyForBookmark(bookmark_id, extra.authInfo);
    if (!bookmarks.has(bookmarkKey)) return unknownBookmark(bookmark_id);
    bookmarks.get(bookmarkKey)!.push(url);
    return { content: [{ type: 'text', text: `saved ${url}` }] };
  });

  server.tool('list_bookmarks', 'List bookmarks', { bookmark_id: z.string().describe('bookmark handle returned by open_bookmark') }, async ({ bookmark_id }, extra) => {
    const bookmarkKey = keyForBookmark(bookmark_id, extra.authInfo);
    if (!bookmarks.has(bookmarkKey)) return unknownBookmark(bookmark_id);
    const saved = bookmarks.get(bookmarkKey) ?? [];
    return { content: [{ type: 'text', text: saved.join('\n') }] };
  });

  // A tool argument that happens to be called sessionId is not the protocol session: left alone.
  server.tool('lookup_checkout', { sessionId: z.string() }, { readOnlyHint: true }, async (args) => {
    return { content: [{ type: 'text', text: `checkout ${args.sessionId}` }] };
  });

  return server;
}
