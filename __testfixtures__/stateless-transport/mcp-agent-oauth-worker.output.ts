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
/* mcp-migrate(stateless-transport): `NotesMCP` is kept only as an empty Durable Object because the Worker's wrangler config binds it (durable_objects class_name NotesMCP): its sessions are now served per request by createMcpHandler; remove that binding and add a migration with deleted_classes: ["NotesMCP"], then delete this class (SEP-2567) */
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
