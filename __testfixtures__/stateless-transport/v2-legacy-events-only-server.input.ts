import express from 'express';
import { McpServer } from '@modelcontextprotocol/server';
import { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';

function radioServer(): McpServer {
  return new McpServer({ name: 'radio', version: '2.0.0' });
}

const app = express();
const streams = new Map<string, SSEServerTransport>();

app.get('/events', async (_req, res) => {
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
