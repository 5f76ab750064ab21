// A Worker written in plain JavaScript: the rewrite adds no type annotations.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpHandler } from 'agents/mcp';
import { DurableObject } from 'cloudflare:workers';
import { z } from 'zod';

// Kept for the wrangler config's Durable Object binding (class_name CounterMCP): createMcpHandler
// serves every request now. Retire it with a deleted_classes migration once old sessions drain.
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
