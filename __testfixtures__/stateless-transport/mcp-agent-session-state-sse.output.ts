import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';
import { z } from 'zod';

type Cart = { items: string[] };

/* mcp-migrate(stateless-transport): `ShopAgent` extends McpAgent: one Durable Object per client session, reached by Mcp-Session-Id, which 2026-07-28 requests do not carry (agents' sessionful 2025-era path): it keeps per-session Durable Object state, which a stateless server does not have: key that state on the auth principal (props) or an explicit handle argument first; move `init()` into `function createServer()` that builds and returns the McpServer (`this.server` → that server, `this.props` → `getMcpAuthContext()?.props`, `this.env` → `env` from cloudflare:workers); serve `createMcpHandler(createServer, { route: '/mcp' })` from agents/mcp/server (agents ≥ 0.20 with @modelcontextprotocol/server v2) where `ShopAgent.serve()` is mounted; keep the SSE route (and the Durable Object binding in the wrangler config) while 2025-era clients use it, then answer 410 Gone (not rewritten: it keeps Durable Object state) (SEP-2567) */
export class ShopAgent extends McpAgent<Record<string, never>, Cart> {
  server = new McpServer({ name: 'shop', version: '1.0.0' });
  initialState: Cart = { items: [] };

  async init() {
    this.server.tool('add_to_cart', { sku: z.string() }, async ({ sku }) => {
      this.setState({ items: [...this.state.items, sku] });
      return { content: [{ type: 'text', text: `${this.state.items.length} items` }] };
    });
  }
}

export default {
  fetch(request: Request, env: unknown, ctx: ExecutionContext) {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/sse')) return ShopAgent.serveSSE('/sse').fetch(request, env, ctx);
    if (pathname === '/mcp') return ShopAgent.serve('/mcp').fetch(request, env, ctx);
    return new Response('not found', { status: 404 });
  },
};
