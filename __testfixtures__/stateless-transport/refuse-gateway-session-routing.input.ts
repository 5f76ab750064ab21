import express from 'express';
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';

// Each MCP session is pinned to the upstream worker that initialized it.
const upstreamBySession = new Map<string, string>();
const workers = ['http://10.0.0.1:8080/mcp', 'http://10.0.0.2:8080/mcp'];
export const gatewayInfo: Implementation = { name: 'gateway', version: '1.0.0' };

const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  const upstream = (sessionId && upstreamBySession.get(sessionId)) || workers[Math.floor(Math.random() * workers.length)];
  const response = await fetch(upstream, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(sessionId ? { 'mcp-session-id': sessionId } : {}) },
    body: JSON.stringify(req.body),
  });
  const assigned = response.headers.get('mcp-session-id');
  if (assigned) {
    upstreamBySession.set(assigned, upstream);
    res.setHeader('mcp-session-id', assigned);
  }
  res.status(response.status).send(await response.text());
});

app.listen(3000);
