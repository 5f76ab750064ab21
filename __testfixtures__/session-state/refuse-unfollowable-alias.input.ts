import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const drafts = new Map<string, string>();

function draftKey(sessionId: string | undefined): string {
  return `draft:${sessionId}`;
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'drafts', version: '1.0.0' });
  server.registerTool('save_draft', { inputSchema: { text: z.string() } }, async ({ text }, extra) => {
    drafts.set(draftKey(extra.sessionId), text);
    return { content: [{ type: 'text', text: 'saved' }] };
  });
  return server;
}
