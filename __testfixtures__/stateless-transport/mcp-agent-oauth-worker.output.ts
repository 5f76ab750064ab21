import OAuthProvider from '@cloudflare/workers-oauth-provider';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';
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
/* mcp-migrate(stateless-transport): `NotesMCP` extends McpAgent: one Durable Object per client session, reached by Mcp-Session-Id, which 2026-07-28 requests do not carry (agents' sessionful 2025-era path): move `init()` into `function createServer()` that builds and returns the McpServer (`this.server` → that server, `this.props` → `getMcpAuthContext()?.props`, `this.env` → `env` from cloudflare:workers); serve `createMcpHandler(createServer, { route: '/mcp' })` from agents/mcp/server (agents ≥ 0.20 with @modelcontextprotocol/server v2) where `NotesMCP.serve()` is mounted; remove the Durable Object binding from the wrangler config once 2025-era clients have moved (its default legacy: 'stateless' serves them too) (SEP-2567) */
export class NotesMCP extends McpAgent<Env, unknown, Props> {
  server = new McpServer({ name: 'notes', version: '0.3.0' });

  async init() {
    this.server.tool('whoami', {}, async () => ({
      content: [{ type: 'text', text: this.props.login }],
    }));
    this.server.tool('list_notes', { tag: z.string().optional() }, async ({ tag }) => {
      const url = new URL('/notes', this.env.NOTES_API);
      if (tag) url.searchParams.set('tag', tag);
      const res = await fetch(url, { headers: { authorization: `Bearer ${this.props.accessToken}` } });
      return { content: [{ type: 'text', text: await res.text() }] };
    });
  }
}

export default new OAuthProvider({
  apiRoute: '/mcp',
  apiHandler: NotesMCP.serve('/mcp'),
  defaultHandler: loginPage,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  clientRegistrationEndpoint: '/register',
});
