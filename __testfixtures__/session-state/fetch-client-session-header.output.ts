// A hand-rolled MCP client over fetch.
export async function callTool(url: string, sessionId: string, name: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name } }),
  });
  /* mcp-migrate(session-state): the Mcp-Session-Id header is gone in 2026-07-28 (SEP-2567): this value is always missing; remove the logic that keys or resumes on it */
  const next = res.headers.get('mcp-session-id');
  return { body: await res.json(), next };
}
