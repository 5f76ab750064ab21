// A Worker whose McpAgent the official codemod has already moved to the v2 McpServer: each
// client session still lives in a Durable Object of its own.
import { McpServer } from '@modelcontextprotocol/server';
import { McpAgent } from 'agents/mcp';
import * as z from 'zod';

interface Env {
  DEFAULT_SIDES?: string;
}

type Caller = { user: string; admin: boolean };

export class DiceMCP extends McpAgent<Env, unknown, Caller> {
  server = new McpServer({ name: 'dice-worker', version: '3.1.0' });

  async init() {
    this.server.registerTool(
      'roll',
      { description: 'Roll a die', inputSchema: z.object({ sides: z.number().int().min(2).optional() }) },
      async ({ sides }) => {
        const env = this.env;
        const n = sides ?? Number(env.DEFAULT_SIDES ?? 6);
        return { content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * n)) }] };
      },
    );
    this.server.registerTool('whoami', { description: 'The caller the bearer token names' }, async () => ({
      content: [{ type: 'text', text: this.props.user }],
    }));
    // Only an admin's server lists the reset tool: decided once per connection here.
    if (this.props.admin) {
      this.server.registerTool('reset', { description: 'Reset the dice' }, async () => ({ content: [{ type: 'text', text: 'reset' }] }));
    }
  }
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    if (!token) return new Response('Unauthorized', { status: 401 });
    ctx.props = { user: token, admin: token === 'root' };
    return DiceMCP.serve('/mcp').fetch(request, env, ctx);
  },
};
