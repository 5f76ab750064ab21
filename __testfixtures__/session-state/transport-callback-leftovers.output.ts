import { randomUUID, randomBytes } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

// Drafts per MCP session; the transport callbacks also log and count sessions.
const draftsBySession = new Map<string, string[]>();

// MCP 2026-07-28 has no sessions (SEP-2567): a draft is reached through an explicit
// draft_id handle that open_draft mints and the model passes back. The handle is a bearer
// capability (128 random bits); on authenticated requests the key also holds the caller
// (token subject, else OAuth client), so a handle replayed by another principal finds nothing.
function keyForDraft(draftId: string, auth?: AuthInfo): string {
  return auth ? `${auth.extra?.sub ?? auth.clientId}:${draftId}` : draftId;
}

// An unknown, closed or foreign handle is a tool error the model can recover from.
function unknownDraft(draftId: string) {
  return {
    content: [{ type: 'text' as const, text: `Unknown or expired draft_id "${draftId}". Call open_draft to get a new one.` }],
    isError: true,
  };
}

let openSessions = 0;

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'drafts', version: '1.0.0' });
  // Replaces the implicit per-session draft: 16 bytes from the CSPRNG, base64url (22 chars).
  server.registerTool(
    'open_draft',
    { description: 'Open a new draft and return its draft_id. Pass draft_id to draft. The draft lasts until close_draft ends it, or the server restarts.' },
    async (extra) => {
      const draft_id = randomBytes(16).toString('base64url');
      draftsBySession.set(keyForDraft(draft_id, extra.authInfo), []);
      return { content: [{ type: 'text', text: draft_id }], structuredContent: { draft_id } };
    },
  );
  server.tool('draft', { text: z.string(), draft_id: z.string().describe('draft handle returned by open_draft') }, async ({ text, draft_id }, extra) => {
    const draftKey = keyForDraft(draft_id, extra.authInfo);
    if (!draftsBySession.has(draftKey)) return unknownDraft(draft_id);
    draftsBySession.get(draftKey)!.push(text);
    return { content: [{ type: 'text', text: 'drafted' }] };
  });
  // Replaces the cleanup that ran when the session closed: the model ends the draft itself.
  server.registerTool(
    'close_draft',
    { description: 'Close a draft opened with open_draft.', inputSchema: { draft_id: z.string().describe('draft handle returned by open_draft') } },
    async ({ draft_id }, extra) => {
      draftsBySession.delete(keyForDraft(draft_id, extra.authInfo));
      return { content: [{ type: 'text', text: `closed ${draft_id}` }] };
    },
  );
  return server;
}

export function sessionTransport(): StreamableHTTPServerTransport {
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (sessionId) => {
      openSessions++;
      console.log('session opened', sessionId);
    },
  });
  console.log('transport for', transport.sessionId);
  return transport;
}

export function sessionCount(): number {
  return openSessions;
}
