import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const counters = new Map<string, number>();

export function buildServer(): Server {
  const server = new Server({ name: 'low-level', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const seen = counters.get(extra.sessionId!) ?? 0;
    counters.set(extra.sessionId!, seen + 1);
    return { content: [{ type: 'text', text: `${request.params.name} call ${seen + 1}` }] };
  });
  return server;
}
