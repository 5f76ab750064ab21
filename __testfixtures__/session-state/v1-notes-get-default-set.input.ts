import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// Each MCP session keeps its own notebook, created on the first note.
const notebooks = new Map<string, string[]>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });

  server.registerTool(
    'add_note',
    { description: 'Remember a note', inputSchema: { note: z.string() } },
    async ({ note }, extra) => {
      const notes = notebooks.get(extra.sessionId!) ?? [];
      notes.push(note);
      notebooks.set(extra.sessionId!, notes);
      return { content: [{ type: 'text', text: `${notes.length} notes` }] };
    },
  );

  server.registerTool('list_notes', { description: 'List the notes' }, async (extra) => {
    const notes = notebooks.get(extra.sessionId!) ?? [];
    return { content: [{ type: 'text', text: notes.join('\n') }], structuredContent: { notes } };
  });

  return server;
}
