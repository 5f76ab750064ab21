import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface PluginOptions {
  build: () => McpServer;
  /** Opt into 2025-era sessions; the default serves every request statelessly. */
  stateful?: boolean;
}

const sessions = new Map<string, StreamableHTTPServerTransport>();

function createStatelessTransport(): StreamableHTTPServerTransport {
  return new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
}

function createStatefulTransport(): StreamableHTTPServerTransport {
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      sessions.set(id, transport);
    },
  });
  return transport;
}

export async function handle(options: PluginOptions, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  const id = req.headers['mcp-session-id'];
  const known = typeof id === 'string' ? sessions.get(id) : undefined;
  const transport = known ?? (options.stateful ? createStatefulTransport() : createStatelessTransport());
  if (!known) await options.build().connect(transport);
  await transport.handleRequest(req, res, body);
}
