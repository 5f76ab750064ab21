import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';

// Who is subscribed to which resource, per MCP session.
const subscribers = new Map<string, Set<string>>();

export function buildServer(): Server {
  const server = new Server({ name: 'subs', version: '1.0.0' }, { capabilities: { resources: { subscribe: true } } });
  server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    const set = subscribers.get(request.params.uri) ?? new Set<string>();
    set.add(extra.sessionId ?? 'stdio');
    subscribers.set(request.params.uri, set);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request, extra) => {
    subscribers.get(request.params.uri)?.delete(extra.sessionId ?? 'stdio');
    return {};
  });
  return server;
}
