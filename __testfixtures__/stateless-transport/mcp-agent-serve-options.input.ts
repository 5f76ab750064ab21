import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';

export class NotesMCP extends McpAgent {
  server = new McpServer({ name: 'notes', version: '1.0.0' });

  async init() {
    this.server.tool('ping', {}, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
  }
}

export default {
  fetch(request: Request, env: unknown, ctx: ExecutionContext) {
    // A binding other than the default MCP_OBJECT: createMcpHandler has no Durable Object to name.
    return NotesMCP.serve('/mcp', { binding: 'NOTES_OBJECT' }).fetch(request, env, ctx);
  },
};
