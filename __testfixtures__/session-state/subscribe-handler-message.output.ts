import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';

// Who is subscribed to which resource, per MCP session.
const subscribers = new Map<string, Set<string>>();

export function buildServer(): Server {
  const server = new Server({ name: 'subs', version: '1.0.0' }, { capabilities: { resources: { subscribe: true } } });
  server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    const set = subscribers.get(request.params.uri) ?? new Set<string>();
    /* mcp-migrate(session-state): this Subscribe handler keys its state by the session id, which 2026-07-28 requests do not carry (SEP-2567): subscriptions and log levels live in a 2025-era session: keep this handler on a sessionful leg for 2025-era clients, behind a 2026-07-28 path (on v2: isLegacyRequest); registerTool does not apply here */
    set.add(extra.sessionId ?? 'stdio');
    subscribers.set(request.params.uri, set);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request, extra) => {
    /* mcp-migrate(session-state): this Unsubscribe handler keys its state by the session id, which 2026-07-28 requests do not carry (SEP-2567): subscriptions and log levels live in a 2025-era session: keep this handler on a sessionful leg for 2025-era clients, behind a 2026-07-28 path (on v2: isLegacyRequest); registerTool does not apply here */
    subscribers.get(request.params.uri)?.delete(extra.sessionId ?? 'stdio');
    return {};
  });
  return server;
}
