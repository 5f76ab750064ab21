// The transports come from a factory module: this route only looks them up by session id and
// hands the request over. One marker, at the lookup, saying what the route must do.
import express from 'express';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

// Both live in factory modules in the real shape; declared here so this file type-checks alone.
declare function openTransport(onSession: (id: string) => void): StreamableHTTPServerTransport;
declare function buildServer(): McpServer;

const app = express();
app.use(express.json());
const live: Record<string, StreamableHTTPServerTransport> = {};

app.post('/mcp', async (req, res) => {
  /* mcp-migrate(stateless-transport): routes requests to sessionful transports by the Mcp-Session-Id header, with the transports built outside this file: 2026-07-28 requests carry no session id, so serve each of them with a fresh server and a stateless transport (`sessionIdGenerator: undefined`) per request, closed when the response ends, and keep this routing for 2025-era clients (SEP-2567) */
  const sid = req.header('mcp-session-id');
  let transport = sid ? live[sid] : undefined;
  if (!transport && isInitializeRequest(req.body)) {
    transport = openTransport((id) => {
      live[id] = transport!;
    });
    await buildServer().connect(transport);
  }
  if (!transport) {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'No session' }, id: null });
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
