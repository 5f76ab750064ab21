import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'echo', version: '1.0.0' });
  server.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }, ctx) => {
    /* mcp-migrate(session-state): `sessionId` holds the session id but is never used; it is undefined in 2026-07-28 (SEP-2567): remove it */
    const sessionId = ctx.sessionId;
    return { content: [{ type: 'text', text }] };
  });
  /* mcp-migrate(session-state): `sessionId` holds the session id but is never used; it is undefined in 2026-07-28 (SEP-2567): remove it */
  server.registerTool('whoami', { description: 'Say hello' }, async ({ sessionId }) => {
    return { content: [{ type: 'text', text: 'hello' }] };
  });
  return server;
}
