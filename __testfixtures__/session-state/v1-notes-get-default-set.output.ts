import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

// Each MCP session keeps its own notebook, created on the first note.
const notebooks = new Map<string, string[]>();

// MCP 2026-07-28 has no sessions (SEP-2567): a notebook is reached through an explicit
// notebook_id handle that open_notebook mints and the model passes back. The handle is a bearer
// capability (128 random bits); on authenticated requests the key also holds the caller
// (token subject, else OAuth client), so a handle replayed by another principal finds nothing.
function keyForNotebook(notebookId: string, auth?: AuthInfo): string {
  return auth ? `${auth.extra?.sub ?? auth.clientId}:${notebookId}` : notebookId;
}

// An unknown, closed or foreign handle is a tool error the model can recover from.
function unknownNotebook(notebookId: string) {
  return {
    content: [{ type: 'text' as const, text: `Unknown or expired notebook_id "${notebookId}". Call open_notebook to get a new one.` }],
    isError: true,
  };
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });

  // Replaces the implicit per-session notebook: 16 bytes from the CSPRNG, base64url (22 chars).
  server.registerTool(
    'open_notebook',
    { description: 'Open a new notebook and return its notebook_id. Pass notebook_id to add_note and list_notes. The notebook lasts until the server restarts.' },
    async (extra) => {
      const notebook_id = randomBytes(16).toString('base64url');
      notebooks.set(keyForNotebook(notebook_id, extra.authInfo), []);
      return { content: [{ type: 'text', text: notebook_id }], structuredContent: { notebook_id } };
    },
  );

  server.registerTool(
    'add_note',
    { description: 'Remember a note', inputSchema: { note: z.string(), notebook_id: z.string().describe('notebook handle returned by open_notebook') } },
    async ({ note, notebook_id }, extra) => {
      const notebookKey = keyForNotebook(notebook_id, extra.authInfo);
      if (!notebooks.has(notebookKey)) return unknownNotebook(notebook_id);
      const notes = notebooks.get(notebookKey) ?? [];
      notes.push(note);
      notebooks.set(notebookKey, notes);
      return { content: [{ type: 'text', text: `${notes.length} notes` }] };
    },
  );

  server.registerTool('list_notes', { description: 'List the notes', inputSchema: { notebook_id: z.string().describe('notebook handle returned by open_notebook') } }, async ({ notebook_id }, extra) => {
    const notebookKey = keyForNotebook(notebook_id, extra.authInfo);
    if (!notebooks.has(notebookKey)) return unknownNotebook(notebook_id);
    const notes = notebooks.get(notebookKey) ?? [];
    return { content: [{ type: 'text', text: notes.join('\n') }], structuredContent: { notes } };
  });

  return server;
}
