import express from 'express';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { sseHandlers } from 'express-mcp-handler';

// A notes server whose only transport is the library's SSE pair (/events + /inbox).
function notesServer() {
  const server = new McpServer({ name: 'notes-sse', version: '0.1.0' });
  server.registerTool(
    'count_words',
    { description: 'Count the words in a note', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text: String(text.split(/\s+/).filter(Boolean).length) }] }),
  );
  return server;
}

const app = express();
app.use(express.json());

/* mcp-migrate(stateless-transport): legacy HTTP+SSE endpoint served by express-mcp-handler's sseHandlers, the only endpoint here: 2026-07-28 clients cannot use it; mount the library's stateless streamable endpoint beside it (`statelessHandler(serverFactory)` on a POST route) and keep this one for 2025-era clients, or answer 410 Gone naming the new endpoint (SEP-2567) */
const sse = sseHandlers(notesServer, {
  onClose: (sessionId) => console.log(`stream ${sessionId} closed`),
});

app.get('/events', sse.getHandler);
app.post('/inbox', sse.postHandler);

app.listen(Number(process.env.PORT ?? 3000));
