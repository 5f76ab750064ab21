import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

function createServer() {
  return new McpServer({ name: 'helper', version: '1.0.0' });
}

const transports: Record<string, StreamableHTTPServerTransport> = {};

export async function getOrCreateTransport(sessionId: string | undefined): Promise<StreamableHTTPServerTransport> {
  if (sessionId && transports[sessionId]) return transports[sessionId];
  /* mcp-migrate(stateless-transport): sessionful transport created in a helper or session manager, away from the route: 2026-07-28 requests carry no Mcp-Session-Id, so have the route build a fresh server and a stateless transport per request by hand, keeping for 2025-era clients whatever the session carries (SEP-2567) */
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      transports[id] = transport;
    },
  });
  await createServer().connect(transport);
  return transport;
}
