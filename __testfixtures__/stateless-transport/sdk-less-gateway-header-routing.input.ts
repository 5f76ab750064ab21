import { Hono } from 'hono';

// An MCP edge proxy without the SDK: each session stays on the backend that opened it.
const backends = ['http://10.1.0.5:7000/mcp', 'http://10.1.0.6:7000/mcp'];
const pinned = new Map<string, string>();

const app = new Hono();

app.post('/mcp', async (c) => {
  const session = c.req.header('mcp-session-id');
  const backend = (session && pinned.get(session)) ?? backends[Date.now() % backends.length];
  const upstream = await fetch(backend, { method: 'POST', headers: c.req.raw.headers, body: await c.req.text() });
  const opened = upstream.headers.get('mcp-session-id');
  if (opened) pinned.set(opened, backend);
  return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
});

export default app;
