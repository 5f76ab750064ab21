import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function buildServer(): McpServer {
  // Made per server: once each request gets its own server, every request sees an empty map.
  const notes = new Map<string, string[]>();
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  server.registerTool('note', { inputSchema: { text: z.string() } }, async ({ text }, extra) => {
    /* mcp-migrate(session-state): `notes` is created inside the function that registers its tools, so every server instance (one per request once stateless) starts with an empty one; move it to module scope or a shared store, then migrate again (sessions are gone in 2026-07-28, SEP-2567) */
    if (!notes.has(extra.sessionId!)) notes.set(extra.sessionId!, []);
    notes.get(extra.sessionId!)!.push(text);
    return { content: [{ type: 'text', text: 'noted' }] };
  });
  return server;
}
