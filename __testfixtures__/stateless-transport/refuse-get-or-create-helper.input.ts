import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

function createServer() {
  return new McpServer({ name: 'helper', version: '1.0.0' });
}

const transports: Record<string, StreamableHTTPServerTransport> = {};

export async function getOrCreateTransport(sessionId: string | undefined): Promise<StreamableHTTPServerTransport> {
  if (sessionId && transports[sessionId]) return transports[sessionId];
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      transports[id] = transport;
    },
  });
  await createServer().connect(transport);
  return transport;
}
