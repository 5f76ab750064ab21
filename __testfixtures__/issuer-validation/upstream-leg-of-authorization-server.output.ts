/**
 * An MCP server that is itself the authorization server for its clients and signs users in
 * with its configured upstream identity provider: the callback redeems the upstream code and
 * then completes the MCP client's authorization. One upstream, nothing to mix up; the `iss`
 * its own clients need is the one this server sends them. Reported as info, not marked.
 */
import { Hono } from 'hono';

interface OAuthHelpers {
  completeAuthorization(input: { request: unknown; userId: string; props: Record<string, unknown> }): Promise<{ redirectTo: string }>;
}
type Bindings = { OAUTH: OAuthHelpers; IDP_TOKEN_URL: string; IDP_CLIENT_ID: string; IDP_CLIENT_SECRET: string };

declare function redeemAtIdp(input: { code: string; tokenUrl: string; clientId: string; clientSecret: string }): Promise<{ userId: string; accessToken: string }>;
declare function pendingRequest(state: string): Promise<unknown>;

const app = new Hono<{ Bindings: Bindings }>();

app.get('/callback', async (c) => {
  const state = c.req.query('state');
  const code = c.req.query('code');
  if (!state || !code) return c.text('Missing code or state', 400);
  const request = await pendingRequest(state);
  const user = await redeemAtIdp({ code, tokenUrl: c.env.IDP_TOKEN_URL, clientId: c.env.IDP_CLIENT_ID, clientSecret: c.env.IDP_CLIENT_SECRET });
  const { redirectTo } = await c.env.OAUTH.completeAuthorization({ request, userId: user.userId, props: { accessToken: user.accessToken } });
  return c.redirect(redirectTo);
});

export default app;
