import type { IncomingMessage } from 'node:http';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

// A web-standard transport implementation: it answers 2025-era clients their session header;
// its sessionIdGenerator option decides whether it keeps sessions at all.
export class EdgeStreamableTransport implements Transport {
  sessionId?: string;
  constructor(private readonly sessionIdGenerator?: () => string) {}
  async start(): Promise<void> {}
  async send(_message: JSONRPCMessage): Promise<void> {}
  async close(): Promise<void> {}

  validate(request: Request): Response | undefined {
    if (!this.sessionIdGenerator) return undefined;
    const header = request.headers.get('mcp-session-id');
    if (header !== this.sessionId) return new Response('Session not found', { status: 404 });
    return undefined;
  }
}

// A debugging proxy relays messages for its own UI sessions, sent in the request body.
export async function relay(req: IncomingMessage & { body: Record<string, unknown> }, forward: (id: string, m: unknown) => Promise<void>) {
  console.log('relay headers', req.headers['mcp-session-id']);
  const { sessionId, message } = req.body as { sessionId: string; message: unknown };
  await forward(sessionId, message);
}
