import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/* mcp-migrate(session-state): `requestsBySession` keeps state per MCP session (keyed by `sid`, from `extra.sessionId`): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep) */
const requestsBySession = new Map<string, number>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'search', version: '1.0.0' });
  server.registerTool('search', { inputSchema: { query: z.string() } }, async ({ query }, extra) => {
    const sid = extra.authInfo?.clientId ?? String(extra.requestId);
    console.log(`search from ${sid}: ${query}`);
    requestsBySession.set(sid, (requestsBySession.get(sid) ?? 0) + 1);
    await server.sendLoggingMessage({ level: 'info', data: `searching ${query}` });
    return { content: [{ type: 'text', text: `results for ${query}` }] };
  });
  return server;
}
