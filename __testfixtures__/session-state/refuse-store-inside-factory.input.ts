import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function buildServer(): McpServer {
  // Made per server: once each request gets its own server, every request sees an empty map.
  const notes = new Map<string, string[]>();
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  server.registerTool('note', { inputSchema: { text: z.string() } }, async ({ text }, extra) => {
    if (!notes.has(extra.sessionId!)) notes.set(extra.sessionId!, []);
    notes.get(extra.sessionId!)!.push(text);
    return { content: [{ type: 'text', text: 'noted' }] };
  });
  return server;
}
