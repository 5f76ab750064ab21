import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// A hand-rolled transport owns its session id: 2026-07-28 does not empty this field.
export class QueueTransport implements Transport {
  sessionId?: string;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(options: { sessionId?: string }) {
    this.sessionId = options.sessionId;
  }

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.sessionId) queue.push({ to: this.sessionId, message });
  }

  async close(): Promise<void> {}
}

// A logging wrapper forwards the inner transport's id.
export class LoggingTransport {
  constructor(private readonly inner: Transport) {}

  get sessionId(): string | undefined {
    return (this.inner as any).sessionId;
  }
}

const queue: Array<{ to: string; message: JSONRPCMessage }> = [];
const workspaces = new Map<string, { sessionId: string; files: string[] }>();

// The tool takes the application's own workspace session as an argument.
export function buildServer(): McpServer {
  const server = new McpServer({ name: 'ws', version: '1.0.0' });
  server.registerTool('list_files', { description: 'List files', inputSchema: { sessionId: z.string() } }, async ({ sessionId }) => {
    const ws = workspaces.get(sessionId);
    if (!ws) return { content: [{ type: 'text', text: 'unknown workspace' }], isError: true };
    return { content: [{ type: 'text', text: `${ws.sessionId}: ${ws.files.join(', ')}` }] };
  });
  return server;
}
