import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export class SessionManager {
  private transports = new Map<string, StreamableHTTPServerTransport>();

  constructor(private readonly buildServer: () => McpServer) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = req.headers['mcp-session-id'] as string | undefined;
    let transport = sessionId ? this.transports.get(sessionId) : undefined;
    if (!transport) {
      /* mcp-migrate(stateless-transport): sessionful transport built in a request handler (`handle`) that this rule does not see registered on a route (a method or function a dispatcher calls): 2026-07-28 requests carry no Mcp-Session-Id, so serve them with a fresh server and a stateless transport per request there by hand, keeping for 2025-era clients whatever the session carries (SEP-2567) */
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          this.transports.set(id, transport!);
        },
      });
      await this.buildServer().connect(transport);
    }
    await transport.handleRequest(req, res);
  }
}
