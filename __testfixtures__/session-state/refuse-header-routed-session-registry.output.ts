import express from 'express';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

interface Live {
  transport: StreamableHTTPServerTransport;
  hits: number;
}

// Every live MCP session, with the transport that serves it.
const registry = new Map<string, Live>();

function newServer(): McpServer {
  return new McpServer({ name: 'registry-demo', version: '0.1.0' });
}

const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  // A known session reuses its transport; anything else starts a new session.
  /* mcp-migrate(session-state): routes by the Mcp-Session-Id header, which 2026-07-28 requests no longer carry (SEP-2567): serve each request with its own transport (run the stateless-transport migration, or rewrite this routing by hand) */
  const sid = req.headers['mcp-session-id'] as string | undefined;
  const live = sid ? registry.get(sid) : undefined;
  if (live) {
    live.hits++;
    await live.transport.handleRequest(req, res, req.body);
    return;
  }
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      /* mcp-migrate(session-state): runs when a session starts or ends, which never happens in 2026-07-28 (SEP-2567): move this to an open_/close_ tool, an idle expiry, or drop it */
      registry.set(id, { transport, hits: 1 });
    },
  });
  await newServer().connect(transport);
  await transport.handleRequest(req, res, req.body);
});

app.listen(Number(process.env.PORT ?? 0));
