import express from 'express';
import { McpServer } from '@modelcontextprotocol/server';
import { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';

function radioServer(): McpServer {
  return new McpServer({ name: 'radio', version: '2.0.0' });
}

const app = express();
const streams = new Map<string, SSEServerTransport>();

app.get('/events', async (_req, res) => {
  /* mcp-migrate(stateless-transport): legacy HTTP+SSE endpoint, the only one here: 2026-07-28 clients cannot use it; serve `createMcpHandler(() => buildServer())` on a streamable HTTP route beside it, keep this route for 2025-era clients with @modelcontextprotocol/server-legacy/sse, or answer 410 Gone naming the new endpoint (SEP-2567) */
  const transport = new SSEServerTransport('/post', res);
  streams.set(transport.sessionId, transport);
  res.on('close', () => streams.delete(transport.sessionId));
  await radioServer().connect(transport);
});

app.post('/post', express.json(), async (req, res) => {
  const transport = streams.get(String(req.query.sessionId));
  if (!transport) {
    res.status(404).send('unknown stream');
    return;
  }
  await transport.handlePostMessage(req, res, req.body);
});

app.listen(3000);
