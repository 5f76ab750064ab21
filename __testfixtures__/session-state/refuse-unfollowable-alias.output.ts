import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const drafts = new Map<string, string>();

function draftKey(sessionId: string | undefined): string {
  return `draft:${sessionId}`;
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'drafts', version: '1.0.0' });
  server.registerTool('save_draft', { inputSchema: { text: z.string() } }, async ({ text }, extra) => {
    /* mcp-migrate(session-state): `extra.sessionId` is used in a way mcp-migrate cannot follow; it is undefined once sessions are gone (2026-07-28, SEP-2567): key the state by an explicit handle argument or the auth principal */
    drafts.set(draftKey(extra.sessionId), text);
    return { content: [{ type: 'text', text: 'saved' }] };
  });
  return server;
}
