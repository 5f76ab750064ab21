import express from 'express';

const app = express();
const upstreams = ['http://10.0.0.1:3000/mcp', 'http://10.0.0.2:3000/mcp'];

// Sticky proxy: hash the MCP session to pick an upstream.
app.post('/mcp', async (req, res) => {
  /* mcp-migrate(session-state): routes on the Mcp-Session-Id header, which 2026-07-28 requests no longer carry (SEP-2567): any instance may receive any request; needs a designed replacement (shared state, or routing on an explicit handle argument) */
  const sessionId = req.headers['mcp-session-id'];
  const target = upstreams[String(sessionId ?? '').length % upstreams.length];
  const upstream = await fetch(target, { method: 'POST', body: JSON.stringify(req.body) });
  res.status(upstream.status).send(await upstream.text());
});

export default app;
