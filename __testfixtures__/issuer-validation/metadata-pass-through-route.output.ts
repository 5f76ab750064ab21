/**
 * A gateway that serves its upstream's authorization server metadata to its own clients: the
 * route fetches it and passes it on. The clients that use it check its issuer; the gateway
 * does not consume it, so nothing is inserted or marked.
 */
import { Hono } from 'hono';

const UPSTREAM = 'https://mcp.upstream.example';
const app = new Hono();

app.get('/.well-known/oauth-authorization-server', async (c) => {
  const upstream = await fetch(`${UPSTREAM}/.well-known/oauth-authorization-server`, {
    headers: { accept: 'application/json' },
  });
  if (!upstream.ok) return c.json({ error: 'metadata unavailable' }, 502);
  return c.json(await upstream.json());
});

app.get('/.well-known/oauth-protected-resource', async (c) => {
  const authServer = `${UPSTREAM}/.well-known/openid-configuration`;
  const metadata = (await (await fetch(authServer)).json()) as { issuer?: string };
  return c.json({ resource: new URL('/mcp', c.req.url).href, authorization_servers: [metadata.issuer ?? UPSTREAM] });
});

// A helper only the well-known routes call: part of the pass-through.
async function proxyMetadata(target: string): Promise<Response> {
  const upstream = await fetch(`${target}/.well-known/oauth-authorization-server`);
  return new Response(await upstream.text(), { status: upstream.status, headers: { 'content-type': 'application/json' } });
}

app.get('/.well-known/oauth-authorization-server/mcp', () => proxyMetadata(UPSTREAM));

export default app;
