import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const app = express();
app.use(express.json());
const buildServer = () => new McpServer({ name: 'both', version: '1.0.0' });

// 2025-era clients on the old HTTP+SSE pair of routes.
const sseTransports: Record<string, SSEServerTransport> = {};
app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  sseTransports[transport.sessionId] = transport;
  await buildServer().connect(transport);
});
app.post('/messages', async (req, res) => {
  await sseTransports[String(req.query.sessionId)]?.handlePostMessage(req, res, req.body);
});

// Streamable HTTP, still with sessions.
const transports: Record<string, StreamableHTTPServerTransport> = {};
app.post('/mcp', async (req, res) => {
  const id = req.headers['mcp-session-id'] as string | undefined;
  let transport = id ? transports[id] : undefined;
  if (!transport) {
    /* mcp-migrate(stateless-transport): sessionful streamable transport in a file that also serves legacy SSE: 2026-07-28 requests carry no Mcp-Session-Id, so make this route stateless by hand (a fresh server and `sessionIdGenerator: undefined` transport per request; on v2 createMcpHandler), keeping the SSE route for 2025-era clients (SEP-2567) */
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => { transports[sid] = transport!; },
    });
    await buildServer().connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
