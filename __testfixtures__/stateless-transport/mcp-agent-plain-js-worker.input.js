// A Worker written in plain JavaScript: the rewrite adds no type annotations.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';
import { z } from 'zod';

export class CounterMCP extends McpAgent {
  server = new McpServer({ name: 'counter', version: '0.1.0' });

  async init() {
    this.server.tool('double', { n: z.number() }, async ({ n }) => ({
      content: [{ type: 'text', text: `${this.props.owner}: ${n * 2}` }],
    }));
  }
}

export default {
  fetch(request, env, ctx) {
    ctx.props = { owner: request.headers.get('x-owner') ?? 'anonymous' };
    return CounterMCP.serve('/mcp').fetch(request, env, ctx);
  },
};
