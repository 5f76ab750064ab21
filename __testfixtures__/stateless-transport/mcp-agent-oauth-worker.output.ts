import OAuthProvider from '@cloudflare/workers-oauth-provider';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpHandler } from 'agents/mcp';
import { DurableObject } from 'cloudflare:workers';
import { z } from 'zod';
import { loginPage } from './login';

interface Env {
  NOTES_API: string;
}

interface Props {
  login: string;
  accessToken: string;
}

// Each signed-in user gets tools that call the notes API with their own token.
// Kept for the wrangler config's Durable Object binding (class_name NotesMCP): createMcpHandler
// serves every request now. Retire it with a deleted_classes migration once old sessions drain.
export class NotesMCP extends DurableObject {}

function createServer(env: Env, props: Props) {
  const server = new McpServer({ name: 'notes', version: '0.3.0' });

  server.tool('whoami', {}, async () => ({
    content: [{ type: 'text', text: props.login }],
  }));
  server.tool('list_notes', { tag: z.string().optional() }, async ({ tag }) => {
    const url = new URL('/notes', env.NOTES_API);
    if (tag) url.searchParams.set('tag', tag);
    const res = await fetch(url, { headers: { authorization: `Bearer ${props.accessToken}` } });
    return { content: [{ type: 'text', text: await res.text() }] };
  });

  return server;
}

export default new OAuthProvider({
  apiRoute: '/mcp',
  apiHandler: { fetch: (request: Request, env: Env, ctx: ExecutionContext) => createMcpHandler(createServer(env, ctx.props as Props), { route: '/mcp' })(request, env, ctx) },
  defaultHandler: loginPage,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  clientRegistrationEndpoint: '/register',
});
