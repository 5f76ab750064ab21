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
