/**
 * An MCP server that is itself an OAuth client of an upstream identity provider: hono's
 * /callback reads the upstream redirect and hands the code to an exchange helper that lives
 * in another module (declared here so the fixture type-checks on its own).
 */
import { Hono } from 'hono';

type Bindings = { UPSTREAM_CLIENT_ID: string; UPSTREAM_CLIENT_SECRET: string };

declare function exchangeUpstreamCode(input: {
  clientId: string;
  clientSecret: string;
  code: string | undefined;
  redirectUri: string;
}): Promise<[string, null] | [null, Response]>;

const app = new Hono<{ Bindings: Bindings }>();

app.get('/callback', async (c) => {
  const state = c.req.query('state');
  if (!state) return c.text('Missing state', 400);

  /* mcp-migrate(issuer-validation): this hands the authorization `code` from the redirect to exchangeUpstreamCode() without `iss`: read c.req.query('iss') here and pass it along (or check it here against the issuer this flow was started with); before the code is redeemed, reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  const [token, failure] = await exchangeUpstreamCode({
    clientId: c.env.UPSTREAM_CLIENT_ID,
    clientSecret: c.env.UPSTREAM_CLIENT_SECRET,
    code: c.req.query('code'),
    redirectUri: new URL('/callback', c.req.url).href,
  });
  if (failure) return failure;
  return c.redirect(`/done?token=${encodeURIComponent(token)}`);
});

export default app;
