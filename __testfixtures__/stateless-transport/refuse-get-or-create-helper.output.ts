import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

function createServer() {
  return new McpServer({ name: 'helper', version: '1.0.0' });
}

const transports: Record<string, StreamableHTTPServerTransport> = {};

export async function getOrCreateTransport(sessionId: string | undefined): Promise<StreamableHTTPServerTransport> {
  if (sessionId && transports[sessionId]) return transports[sessionId];
  /* mcp-migrate(stateless-transport): sessionful transport created outside a route handler (helper or session manager): return a fresh stateless transport per request instead and drop the session lookup (SEP-2567) */
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      transports[id] = transport;
    },
  });
  await createServer().connect(transport);
  return transport;
}
