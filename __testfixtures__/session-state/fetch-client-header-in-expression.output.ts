import { Client } from '@modelcontextprotocol/sdk/client/index.js';

// A hand-rolled fetch client: the header is set inside an expression and tested on the reply.
export async function post(url: string, body: unknown, sessionId: string, client: Client): Promise<boolean> {
  const headers = new Headers({ 'content-type': 'application/json' });
  /* mcp-migrate(session-state): sets the Mcp-Session-Id header, which 2026-07-28 does not have (SEP-2567); stop sending it */
  const ok = headers.set('Mcp-Session-Id', sessionId) === undefined;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  void client;
  /* mcp-migrate(session-state): the Mcp-Session-Id header is gone in 2026-07-28 (SEP-2567): this value is always missing; remove the logic that keys or resumes on it */
  return ok && res.headers.has('mcp-session-id');
}
