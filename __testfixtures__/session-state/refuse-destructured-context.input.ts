import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const drafts = new Map<string, string>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'drafts', version: '1.0.0' });
  // The destructured session id leaves the handler: mcp-migrate cannot follow it.
  server.registerTool('save_draft', { inputSchema: { text: z.string() } }, async ({ text }, { sessionId }) => {
    remember(sessionId, text);
    return { content: [{ type: 'text', text: 'saved' }] };
  });
  // The rest of the context is gathered in a rest element: `authInfo` cannot be added next to it.
  server.registerTool('load_draft', { description: 'Load the draft' }, async ({ sessionId, ...context }) => {
    if (!drafts.has(sessionId!)) drafts.set(sessionId!, '');
    return { content: [{ type: 'text', text: `${context.requestId}: ${drafts.get(sessionId!)}` }] };
  });
  // Destructured inside a nested block, not at the top of the handler: not followed.
  server.tool('drop_draft', async (extra) => {
    if (extra.authInfo) {
      const { sessionId } = extra;
      drafts.delete(sessionId!);
    }
    return { content: [{ type: 'text', text: 'dropped' }] };
  });
  return server;
}

function remember(sessionId: string | undefined, text: string) {
  drafts.set(`draft:${sessionId}`, text);
}
