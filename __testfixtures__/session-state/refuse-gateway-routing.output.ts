import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// Sticky routing: each session is pinned to one upstream.
const upstreamBySession = new Map<string, string>();

export function buildServer(pick: () => string): McpServer {
  const server = new McpServer({ name: 'gateway', version: '1.0.0' });
  server.registerTool('ask', { inputSchema: { question: z.string() } }, async ({ question }, extra) => {
    /* mcp-migrate(session-state): `upstreamBySession` routes by the session id (sticky routing); 2026-07-28 requests carry no session (SEP-2567), so any instance may receive any request: this needs a designed replacement (a shared store, or routing on an explicit handle) */
    if (!upstreamBySession.has(extra.sessionId!)) upstreamBySession.set(extra.sessionId!, pick());
    const upstream = upstreamBySession.get(extra.sessionId!)!;
    const res = await fetch(upstream, { method: 'POST', body: question });
    return { content: [{ type: 'text', text: await res.text() }] };
  });
  return server;
}
