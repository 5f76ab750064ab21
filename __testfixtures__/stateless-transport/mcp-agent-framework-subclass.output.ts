// An agent built on a framework's own McpAgent subclass (paid tools): still one Durable Object
// per client session, so it gets the recipe marker; the subclass's members stay the person's call.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { experimental_BillingMcpAgent as BillingMcpAgent } from '@acme/agent-kit/cloudflare';
import { z } from 'zod';

/* mcp-migrate(stateless-transport): `ShopMCP` extends `BillingMcpAgent` (an McpAgent): one Durable Object per client session, reached by Mcp-Session-Id, which 2026-07-28 requests do not carry (agents' sessionful 2025-era path): move `init()` into `function createServer()` that builds and returns the McpServer (`this.server` → that server, `this.props` → `getMcpAuthContext()?.props`, `this.env` → `env` from cloudflare:workers); serve `createMcpHandler(createServer, { route: '/mcp' })` from agents/mcp/server (agents ≥ 0.20 with @modelcontextprotocol/server v2) where `ShopMCP.serve()` is mounted; remove the Durable Object binding from the wrangler config once 2025-era clients have moved (its default legacy: 'stateless' serves them too) (not rewritten: it extends `BillingMcpAgent`, a framework's McpAgent whose own members a server factory does not carry) (SEP-2567) */
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
