import type { Express } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

// A library's legacy transport option: mounted only by users who still serve 2025-era clients;
// the library's streamable module serves everyone else.
export function mountSse(app: Express, buildServer: () => McpServer) {
  const transports = new Map<string, SSEServerTransport>();
  app.get('/sse', async (_req, res) => {
    /* mcp-migrate(stateless-transport): legacy HTTP+SSE transport for 2025-era clients: 2026-07-28 clients cannot use it and need a stateless streamable HTTP endpoint (add one if this server has none yet); keep this while 2025 clients exist (on v2: @modelcontextprotocol/server-legacy/sse), then answer 410 Gone naming the streamable endpoint (SEP-2567) */
    const transport = new SSEServerTransport('/messages', res);
    transports.set(transport.sessionId, transport);
    res.on('close', () => transports.delete(transport.sessionId));
    await buildServer().connect(transport);
  });
  app.post('/messages', async (req, res) => {
    const transport = transports.get(String(req.query.sessionId));
    if (!transport) return void res.status(404).end();
    await transport.handlePostMessage(req, res, req.body);
  });
}
