/**
 * A tool that only hands the session id to a function of a sibling module, which keeps the
 * per-session store (tool-hands-session-to-store-module.store.ts): the store carries the
 * flow's one marker, in its module; here an info finding names where it went. The second
 * tool keys a store of this file as well, so it keeps its own marker.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { rememberBookmark } from './tool-hands-session-to-store-module.store.ts';

const visits = new Map<string, number>();

export function registerBookmarkTools(server: McpServer): void {
  server.registerTool('bookmark', { inputSchema: { url: z.string() } }, async ({ url }, extra) => {
    const count = rememberBookmark(extra.sessionId ?? 'anonymous', url);
    return { content: [{ type: 'text', text: `${count} bookmarks` }] };
  });

  server.registerTool('visit', { inputSchema: { url: z.string() } }, async ({ url }, extra) => {
    /* mcp-migrate(session-state): `sessionId` is used in a way mcp-migrate cannot follow; it is undefined once sessions are gone (2026-07-28, SEP-2567): key the state by an explicit handle argument or the auth principal */
    const sessionId = extra.sessionId;
    const seen = (visits.get(`${sessionId}:${url}`) ?? 0) + 1;
    visits.set(`${sessionId}:${url}`, seen);
    rememberBookmark(sessionId ?? 'anonymous', url);
    return { content: [{ type: 'text', text: `visit ${seen}` }] };
  });
}
