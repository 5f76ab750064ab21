import express from 'express';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function tickerServer(): McpServer {
  const server = new McpServer({ name: 'ticker', version: '0.2.0' });
  const publish = (symbol: string, price: number) => {
    server.registerResource(symbol, `quote://${symbol}`, { mimeType: 'text/plain' }, async () => ({
      contents: [{ uri: `quote://${symbol}`, text: String(price) }],
    }));
  };
  // New quotes appear while the client stays connected: list_changed goes out on its session.
  const timer = setInterval(() => publish(`Q${Date.now()}`, Math.random()), 10_000);
  server.server.onclose = () => clearInterval(timer);
  return server;
}

const app = express();
app.use(express.json());
const sessions: Record<string, StreamableHTTPServerTransport> = {};

app.all('/mcp', async (req, res) => {
  const id = req.headers['mcp-session-id'] as string | undefined;
  let transport = id ? sessions[id] : undefined;
  if (!transport) {
    /* mcp-migrate(stateless-transport): this server uses its sessions for notifications pushed outside a request, which a per-request server cannot carry, so the route is not rewritten: keep this sessionful endpoint for 2025-era clients and put a 2026-07-28 leg in front of it (`--sdk v2 --legacy keep` writes it: `isLegacyRequest` → this code, else createMcpHandler), with those features in their stateless form there (server→client requests become input_required results, SEP-2322) (SEP-2567) */
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        sessions[sid] = transport!;
      },
    });
    await tickerServer().connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
