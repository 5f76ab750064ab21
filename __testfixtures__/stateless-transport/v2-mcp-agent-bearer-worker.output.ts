// A Worker whose McpAgent the official codemod has already moved to the v2 McpServer: each
// client session still lives in a Durable Object of its own.
import { McpServer } from '@modelcontextprotocol/server';
import { createMcpHandler } from 'agents/mcp/server';
import { DurableObject } from 'cloudflare:workers';
import * as z from 'zod';

interface Env {
  DEFAULT_SIDES?: string;
}

type Caller = { user: string; admin: boolean };

// Kept for the wrangler config's Durable Object binding (class_name DiceMCP): createMcpHandler
// serves every request now. Retire it with a deleted_classes migration once old sessions drain.
export class DiceMCP extends DurableObject {}

function createServer(workerEnv: Env, props: Caller) {
  const server = new McpServer({ name: 'dice-worker', version: '3.1.0' });

  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: z.object({ sides: z.number().int().min(2).optional() }) },
    async ({ sides }) => {
      const env = workerEnv;
      const n = sides ?? Number(env.DEFAULT_SIDES ?? 6);
      return { content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * n)) }] };
    },
  );
  server.registerTool('whoami', { description: 'The caller the bearer token names' }, async () => ({
    content: [{ type: 'text', text: props.user }],
  }));
  // Only an admin's server lists the reset tool: decided once per connection here.
  if (props.admin) {
    server.registerTool('reset', { description: 'Reset the dice' }, async () => ({ content: [{ type: 'text', text: 'reset' }] }));
  }

  return server;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    if (!token) return new Response('Unauthorized', { status: 401 });
    ctx.props = { user: token, admin: token === 'root' };
    return createMcpHandler(() => createServer(env, ctx.props as Caller), { route: '/mcp' })(request, env, ctx);
  },
};
