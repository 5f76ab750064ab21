import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const drafts = new Map<string, string>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'drafts', version: '1.0.0' });
  // The destructured session id leaves the handler: mcp-migrate cannot follow it.
  /* mcp-migrate(session-state): `sessionId` is used in a way mcp-migrate cannot follow; it is undefined once sessions are gone (2026-07-28, SEP-2567): key the state by an explicit handle argument or the auth principal */
  server.registerTool('save_draft', { inputSchema: { text: z.string() } }, async ({ text }, { sessionId }) => {
    remember(sessionId, text);
    return { content: [{ type: 'text', text: 'saved' }] };
  });
  // The rest of the context is gathered in a rest element: `authInfo` cannot be added next to it.
  server.registerTool('load_draft', { description: 'Load the draft' }, async ({ sessionId, ...context }) => {
    /* mcp-migrate(session-state): tool "load_draft": rest element in the destructured context, so mcp-migrate cannot add `authInfo` beside it; take the context as one parameter (`extra` / `ctx`) and migrate again */
    if (!drafts.has(sessionId!)) drafts.set(sessionId!, '');
    return { content: [{ type: 'text', text: `${context.requestId}: ${drafts.get(sessionId!)}` }] };
  });
  // Destructured inside a nested block, not at the top of the handler: not followed.
  server.tool('drop_draft', async (extra) => {
    if (extra.authInfo) {
      /* mcp-migrate(session-state): `const { sessionId } = extra` is used in a way mcp-migrate cannot follow; it is undefined once sessions are gone (2026-07-28, SEP-2567): key the state by an explicit handle argument or the auth principal */
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
