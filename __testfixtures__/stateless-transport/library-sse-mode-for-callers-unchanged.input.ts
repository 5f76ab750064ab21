import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

export interface LegacyEndpoints {
  stream(req: IncomingMessage, res: ServerResponse): Promise<void>;
  message(req: IncomingMessage & { body?: unknown }, res: ServerResponse, sessionId: string): Promise<void>;
}

// The package's opt-in 2025-era endpoints: callers mount them next to the stateless ones.
export const legacySseEndpoints = (makeServer: () => McpServer, messagesPath = '/messages'): LegacyEndpoints => {
  const open: Record<string, SSEServerTransport> = {};
  return {
    async stream(_req, res) {
      const transport = new SSEServerTransport(messagesPath, res);
      open[transport.sessionId] = transport;
      res.on('close', () => delete open[transport.sessionId]);
      await makeServer().connect(transport);
    },
    async message(req, res, sessionId) {
      const transport = open[sessionId];
      if (!transport) {
        res.writeHead(404).end('unknown session');
        return;
      }
      await transport.handlePostMessage(req, res, req.body);
    },
  };
};
