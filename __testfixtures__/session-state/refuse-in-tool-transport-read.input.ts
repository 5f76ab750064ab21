import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const scores = new Map<string, number>();

export function buildServer(transport: StreamableHTTPServerTransport): McpServer {
  const server = new McpServer({ name: 'scores', version: '1.0.0' });
  // The handler reads the session id off the transport it closed over, not off its context.
  server.tool('score', { points: z.number() }, async ({ points }) => {
    const sid = transport.sessionId!;
    scores.set(sid, (scores.get(sid) ?? 0) + points);
    return { content: [{ type: 'text', text: String(scores.get(sid)) }] };
  });
  return server;
}
