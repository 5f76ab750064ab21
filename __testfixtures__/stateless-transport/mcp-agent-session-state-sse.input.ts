import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';
import { z } from 'zod';

type Cart = { items: string[] };

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
