// A hand-rolled MCP client over fetch.
export async function callTool(url: string, sessionId: string, name: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'Mcp-Session-Id': sessionId,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name } }),
  });
  const next = res.headers.get('mcp-session-id');
  return { body: await res.json(), next };
}
