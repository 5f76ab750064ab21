import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'echo', version: '1.0.0' });
  server.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }, ctx) => {
    const sessionId = ctx.sessionId;
    return { content: [{ type: 'text', text }] };
  });
  server.registerTool('whoami', { description: 'Say hello' }, async ({ sessionId }) => {
    return { content: [{ type: 'text', text: 'hello' }] };
  });
  return server;
}
