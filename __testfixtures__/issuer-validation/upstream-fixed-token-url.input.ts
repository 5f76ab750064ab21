/**
 * An MCP server's own authorization layer that signs users in with exactly one upstream
 * identity provider, whose token URL is written into the code: once through a shared helper
 * (`{ token_url: '…' }`), once with a direct request. One authorization server cannot be mixed
 * up with another, so both are info; the third route, whose upstream is configured, is marked.
 */
import { Hono } from 'hono';

type Bindings = { FORGE_CLIENT_ID: string; FORGE_CLIENT_SECRET: string; SSO_TOKEN_URL: string };
const app = new Hono<{ Bindings: Bindings }>();

declare function redeemUpstream(input: { code: string | undefined; client_id: string; client_secret: string; token_url: string }): Promise<[string, Response | null]>;

const CHAT_TOKEN_URL = 'https://chat.example.net/api/oauth.access';

app.get('/callback', async (c) => {
  if (!c.req.query('state')) return c.text('Missing state', 400);
  const [token, failure] = await redeemUpstream({
    code: c.req.query('code'),
    client_id: c.env.FORGE_CLIENT_ID,
    client_secret: c.env.FORGE_CLIENT_SECRET,
    token_url: 'https://forge.example.org/login/oauth/access_token',
  });
  if (failure) return failure;
  return c.json({ token });
});

app.get('/chat/callback', async (c) => {
  const code = c.req.query('code');
  if (!code || !c.req.query('state')) return c.text('Missing code', 400);
  const res = await fetch(CHAT_TOKEN_URL, {
    method: 'POST',
    body: new URLSearchParams({ code, client_id: c.env.FORGE_CLIENT_ID }),
  });
  return c.json(await res.json());
});

app.get('/sso/callback', async (c) => {
  if (!c.req.query('state')) return c.text('Missing state', 400);
  const [token, failure] = await redeemUpstream({
    code: c.req.query('code'),
    client_id: c.env.FORGE_CLIENT_ID,
    client_secret: c.env.FORGE_CLIENT_SECRET,
    token_url: c.env.SSO_TOKEN_URL,
  });
  if (failure) return failure;
  return c.json({ token });
});

export default app;
