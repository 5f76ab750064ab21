import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

// Legacy HTTP+SSE: the session id is the SSE stream's, and the SSE route is the server rule's
// to mark (one marker per route). Nothing here is said per statement by session-state.
const transports: Record<string, SSEServerTransport> = {};
const app = express();

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  transports[transport.sessionId] = transport;
  console.log('sse stream opened', transport.sessionId);
  res.on('close', () => {
    delete transports[transport.sessionId];
  });
  const server = new McpServer({ name: 'legacy-sse', version: '1.0.0' });
  await server.connect(transport);
});

app.post('/messages', async (req, res) => {
  const sessionId = req.query.sessionId as string;
  const transport = transports[sessionId];
  if (!transport) {
    res.status(400).send('No transport found for sessionId');
    return;
  }
  await transport.handlePostMessage(req, res);
});

app.listen(3000);
