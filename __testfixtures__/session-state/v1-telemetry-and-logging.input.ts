import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const requestsBySession = new Map<string, number>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'search', version: '1.0.0' });
  server.registerTool('search', { inputSchema: { query: z.string() } }, async ({ query }, extra) => {
    const sid = extra.sessionId ?? 'anonymous';
    console.log(`search from ${sid}: ${query}`);
    requestsBySession.set(sid, (requestsBySession.get(sid) ?? 0) + 1);
    await server.sendLoggingMessage({ level: 'info', data: `searching ${query}` }, extra.sessionId);
    return { content: [{ type: 'text', text: `results for ${query}` }] };
  });
  return server;
}
