// A Worker written in plain JavaScript: the rewrite adds no type annotations.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpHandler } from 'agents/mcp';
import { DurableObject } from 'cloudflare:workers';
import { z } from 'zod';

/* mcp-migrate(stateless-transport): `CounterMCP` is kept only as an empty Durable Object because the Worker's wrangler config binds it (durable_objects class_name CounterMCP): its sessions are now served per request by createMcpHandler; remove that binding and add a migration with deleted_classes: ["CounterMCP"], then delete this class (SEP-2567) */
export class CounterMCP extends DurableObject {}

function createServer(props) {
  const server = new McpServer({ name: 'counter', version: '0.1.0' });

  server.tool('double', { n: z.number() }, async ({ n }) => ({
    content: [{ type: 'text', text: `${props.owner}: ${n * 2}` }],
  }));

  return server;
}

export default {
  fetch(request, env, ctx) {
    ctx.props = { owner: request.headers.get('x-owner') ?? 'anonymous' };
    return createMcpHandler(createServer(ctx.props), { route: '/mcp' })(request, env, ctx);
  },
};
