/**
 * Callbacks that redeem the upstream code in a request body built from it
 * (`new URLSearchParams({ code })`, `JSON.stringify({ code })`), with no `grant_type` in
 * sight: the hop is the request that redeems it, not the body constructor. The token URL is
 * configured (a deployment may point it at any authorization server), so each is marked.
 */
import { Hono } from 'hono';

type Bindings = { CHAT_CLIENT_ID: string; CHAT_CLIENT_SECRET: string; CHAT_TOKEN_URL: string };
const app = new Hono<{ Bindings: Bindings }>();

app.get('/callback', async (c) => {
  if (!c.req.query('state')) return c.text('Missing state', 400);
  /* mcp-migrate(issuer-validation): this request redeems the authorization `code` from the redirect without checking `iss`: read c.req.query('iss') before it and reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  const response = await fetch(c.env.CHAT_TOKEN_URL, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: c.env.CHAT_CLIENT_ID,
      client_secret: c.env.CHAT_CLIENT_SECRET,
      code: c.req.query('code') ?? '',
    }),
  });
  const token = (await response.json()) as { access_token?: string };
  return c.json({ ok: !!token.access_token });
});

app.get('/oauth/json-callback', async (c) => {
  const code = c.req.query('code');
  const payload = JSON.stringify({ code, client_id: c.env.CHAT_CLIENT_ID });
  /* mcp-migrate(issuer-validation): this request redeems the authorization `code` from the redirect without checking `iss`: read c.req.query('iss') before it and reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  const response = await fetch(`${c.env.CHAT_TOKEN_URL}?format=json`, { method: 'POST', body: payload });
  return c.json(await response.json());
});

app.get('/oauth/form-callback', async (c) => {
  const code = c.req.query('code');
  if (!code || !c.req.query('state')) return c.text('Missing code', 400);
  /* mcp-migrate(issuer-validation): this request redeems the authorization `code` from the redirect without checking `iss`: read c.req.query('iss') before it and reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  const response = await fetch(c.env.CHAT_TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: c.env.CHAT_CLIENT_ID, code }).toString(),
  });
  return c.json({ ok: response.ok });
});

export default app;
