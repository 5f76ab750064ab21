import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';

/* mcp-migrate(stateless-transport): `NotesMCP` extends McpAgent: one Durable Object per client session, reached by Mcp-Session-Id, which 2026-07-28 requests do not carry (agents' sessionful 2025-era path): move `init()` into `function createServer()` that builds and returns the McpServer (`this.server` → that server, `this.props` → `getMcpAuthContext()?.props`, `this.env` → `env` from cloudflare:workers); serve `createMcpHandler(createServer, { route: '/mcp' })` from agents/mcp/server (agents ≥ 0.20 with @modelcontextprotocol/server v2) where `NotesMCP.serve()` is mounted; remove the Durable Object binding from the wrangler config once 2025-era clients have moved (its default legacy: 'stateless' serves them too) (not rewritten: `NotesMCP.serve()` takes options here (binding, transport, CORS) that createMcpHandler does not read the same way) (SEP-2567) */
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
