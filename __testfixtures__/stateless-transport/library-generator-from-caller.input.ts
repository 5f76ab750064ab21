import type { Request, Response } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface HandlerOptions {
  /** Left undefined, every request is served on its own; a generator turns sessions on. */
  sessionIdGenerator?: () => string;
}

// A library handler: its callers choose whether the transport keeps sessions.
export function createHandler(serverFactory: () => McpServer, options: HandlerOptions = {}) {
  return async (req: Request, res: Response) => {
    const server = serverFactory();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: options.sessionIdGenerator,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
}
