import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const counters = new Map<string, number>();

export function buildServer(): Server {
  const server = new Server({ name: 'low-level', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    /* mcp-migrate(session-state): low-level setRequestHandler server: the state flow behind this session id is not visible to mcp-migrate; key it by an explicit handle in the tool arguments (or move the tool to McpServer.registerTool and migrate again) (sessions are gone in 2026-07-28, SEP-2567) */
    const seen = counters.get(extra.sessionId!) ?? 0;
    counters.set(extra.sessionId!, seen + 1);
    return { content: [{ type: 'text', text: `${request.params.name} call ${seen + 1}` }] };
  });
  return server;
}
