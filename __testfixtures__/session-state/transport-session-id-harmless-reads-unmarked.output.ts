import type { Request, Response } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export class Connection {
  #transport?: StreamableHTTPServerTransport;

  attach(transport: StreamableHTTPServerTransport) {
    this.#transport = transport;
  }

  // Hands the id on as it is: undefined for a stateless request, which callers expect.
  get sessionId(): string | undefined {
    return this.#transport?.sessionId;
  }
}

export async function servePerRequest(server: McpServer, req: Request, res: Response) {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
  // No session was opened: nothing outlives this request.
  if (!transport.sessionId) {
    await transport.close();
    await server.close();
  }
}

export async function openLegacyStream(server: McpServer, res: Response, streams: Map<string, SSEServerTransport>) {
  const stream = new SSEServerTransport('/messages', res);
  console.info('legacy stream', stream.sessionId);
  res.on('close', () => streams.delete(stream.sessionId));
  await server.connect(stream);
}
