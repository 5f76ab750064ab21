import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// PKCE verifiers waiting for the OAuth callback, per MCP session.
const pkceVerifiers = new Map<string, string>();

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'connector', version: '1.0.0' });
  server.registerTool('connect', { inputSchema: { provider: z.string() } }, async ({ provider }, extra) => {
    if (!pkceVerifiers.has(extra.sessionId!)) pkceVerifiers.set(extra.sessionId!, '');
    return { content: [{ type: 'text', text: `connect ${provider}` }] };
  });
  return server;
}
