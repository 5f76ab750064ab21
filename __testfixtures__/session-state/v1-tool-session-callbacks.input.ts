import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

// Notes kept per MCP session, created when the session starts.
const notesBySession = new Map<string, string[]>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  server.tool('add_note', 'Remember a note', { text: z.string() }, async ({ text }, extra) => {
    notesBySession.get(extra.sessionId!)!.push(text);
    return { content: [{ type: 'text', text: 'noted' }] };
  });
  server.tool('list_notes', async (extra) => {
    const notes = notesBySession.get(extra.sessionId!) ?? [];
    return { content: [{ type: 'text', text: notes.join('\n') }] };
  });
  return server;
}

export function sessionTransport(): StreamableHTTPServerTransport {
  return new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (sessionId) => {
      notesBySession.set(sessionId, []);
    },
    onsessionclosed: (sessionId) => {
      notesBySession.delete(sessionId);
    },
  });
}
