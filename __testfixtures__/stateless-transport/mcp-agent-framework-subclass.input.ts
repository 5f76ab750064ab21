// An agent built on a framework's own McpAgent subclass (paid tools): still one Durable Object
// per client session, so it gets the recipe marker; the subclass's members stay the person's call.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { experimental_BillingMcpAgent as BillingMcpAgent } from '@acme/agent-kit/cloudflare';
import { z } from 'zod';

export class ShopMCP extends BillingMcpAgent<Env, { credits: number }, { email: string }> {
  server = new McpServer({ name: 'shop', version: '1.0.0' });

  async init() {
    this.server.tool('price', { sku: z.string() }, async ({ sku }) => ({ content: [{ type: 'text', text: `${sku}: 3` }] }));
    this.billedTool('buy', { sku: z.string() }, async ({ sku }) => ({ content: [{ type: 'text', text: `bought ${sku}` }] }));
  }
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    return ShopMCP.serve('/mcp').fetch(request, env, ctx);
  },
};
