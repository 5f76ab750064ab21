import { McpServer } from '@modelcontextprotocol/server';

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'ping', version: '1.0.0' });
  server.registerTool('ping', {}, async (ctx) => {
    console.info('ping', { session: ctx.sessionId });
    return { content: [{ type: 'text', text: 'pong' }] };
  });
  return server;
}