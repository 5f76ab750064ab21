/**
 * A Worker serving an MCP endpoint whose sign-in is its identity provider's: a path switch
 * (no route registration) answers the well-known requests, and the authorization-server one
 * relays the provider's metadata as fetched. Its clients read and check that metadata; the
 * Worker uses none of it, so nothing is inserted or marked.
 */
const IDP = 'https://id.example.net';
const ORIGIN = 'https://tools.example.net';

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function resourceMetadata(): Promise<Response> {
  return json({ resource: ORIGIN, authorization_servers: [IDP] });
}

async function providerMetadata(): Promise<Response> {
  const upstream = await fetch(`${IDP}/.well-known/oauth-authorization-server`);
  if (!upstream.ok) return json({ error: 'upstream_error' }, 502);
  return json(await upstream.json());
}

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/.well-known/oauth-protected-resource') return resourceMetadata();
    if (pathname === '/.well-known/oauth-authorization-server') return providerMetadata();
    return json({ error: 'not_found' }, 404);
  },
};
