import { randomUUID, randomBytes } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

// Notes kept per MCP session, created when the session starts.
const notesBySession = new Map<string, string[]>();

// MCP 2026-07-28 has no sessions (SEP-2567): a note is reached through an explicit
// note_id handle that open_note mints and the model passes back. The handle is a bearer
// capability (128 random bits); on authenticated requests the key also holds the caller
// (token subject, else OAuth client), so a handle replayed by another principal finds nothing.
function keyForNote(noteId: string, auth?: AuthInfo): string {
  return auth ? `${auth.extra?.sub ?? auth.clientId}:${noteId}` : noteId;
}

// An unknown, closed or foreign handle is a tool error the model can recover from.
function unknownNote(noteId: string) {
  return {
    content: [{ type: 'text' as const, text: `Unknown or expired note_id "${noteId}". Call open_note to get a new one.` }],
    isError: true,
  };
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  // Replaces the implicit per-session note: 16 bytes from the CSPRNG, base64url (22 chars).
  server.registerTool(
    'open_note',
    { description: 'Open a new note and return its note_id. Pass note_id to add_note and list_notes. The note lasts until close_note ends it, or the server restarts.' },
    async (extra) => {
      const note_id = randomBytes(16).toString('base64url');
      notesBySession.set(keyForNote(note_id, extra.authInfo), []);
      return { content: [{ type: 'text', text: note_id }], structuredContent: { note_id } };
    },
  );
  server.tool('add_note', 'Remember a note', { text: z.string(), note_id: z.string().describe('note handle returned by open_note') }, async ({ text, note_id }, extra) => {
    const noteKey = keyForNote(note_id, extra.authInfo);
    if (!notesBySession.has(noteKey)) return unknownNote(note_id);
    notesBySession.get(noteKey)!.push(text);
    return { content: [{ type: 'text', text: 'noted' }] };
  });
  server.tool('list_notes', { note_id: z.string().describe('note handle returned by open_note') }, async ({ note_id }, extra) => {
    const noteKey = keyForNote(note_id, extra.authInfo);
    if (!notesBySession.has(noteKey)) return unknownNote(note_id);
    const notes = notesBySession.get(noteKey) ?? [];
    return { content: [{ type: 'text', text: notes.join('\n') }] };
  });
  // Replaces the cleanup that ran when the session closed: the model ends the note itself.
  server.registerTool(
    'close_note',
    { description: 'Close a note opened with open_note.', inputSchema: { note_id: z.string().describe('note handle returned by open_note') } },
    async ({ note_id }, extra) => {
      notesBySession.delete(keyForNote(note_id, extra.authInfo));
      return { content: [{ type: 'text', text: `closed ${note_id}` }] };
    },
  );
  return server;
}

export function sessionTransport(): StreamableHTTPServerTransport {
  return new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
  });
}
