import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';

// Counters per MCP session; v2 handlers destructure ctx.
const tallies = new Map<string, number>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'tally', version: '1.0.0' });

  server.registerTool(
    'bump',
    { description: 'Add to the tally', inputSchema: z.object({ by: z.number() }) },
    async ({ by }, { sessionId, mcpReq }) => {
      if (!tallies.has(sessionId!)) tallies.set(sessionId!, 0);
      tallies.set(sessionId!, tallies.get(sessionId!)! + by);
      return { content: [{ type: 'text', text: `request ${mcpReq.id}: ${tallies.get(sessionId!)}` }] };
    },
  );

  server.registerTool('read_tally', { description: 'Read the tally' }, async (ctx) => {
    const { sessionId } = ctx;
    return { content: [{ type: 'text', text: String(tallies.get(sessionId!) ?? 0) }] };
  });

  server.registerTool('ping', { description: 'Log who pinged' }, async ({ sessionId }) => {
    console.info('ping from', sessionId);
    return { content: [{ type: 'text', text: 'pong' }] };
  });

  return server;
}
