import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

const transports = new Map<string, WebStandardStreamableHTTPServerTransport>();

export default {
  async fetch(request: Request): Promise<Response> {
    const sessionId = request.headers.get('mcp-session-id');
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport) {
      transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports.set(id, transport!);
        },
      });
      await new McpServer({ name: 'edge', version: '1.0.0' }).connect(transport);
    }
    return transport.handleRequest(request);
  },
};
