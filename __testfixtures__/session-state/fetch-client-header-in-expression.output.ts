import { Client } from '@modelcontextprotocol/sdk/client/index.js';

// A hand-rolled fetch client: the header is set inside an expression and tested on the reply.
export async function post(url: string, body: unknown, sessionId: string, client: Client): Promise<boolean> {
  const headers = new Headers({ 'content-type': 'application/json' });
  const ok = headers.set('Mcp-Session-Id', sessionId) === undefined;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  void client;
  return ok && res.headers.has('mcp-session-id');
}
