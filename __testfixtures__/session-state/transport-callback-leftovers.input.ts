import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

// Drafts per MCP session; the transport callbacks also log and count sessions.
const draftsBySession = new Map<string, string[]>();
let openSessions = 0;

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'drafts', version: '1.0.0' });
  server.tool('draft', { text: z.string() }, async ({ text }, extra) => {
    draftsBySession.get(extra.sessionId!)!.push(text);
    return { content: [{ type: 'text', text: 'drafted' }] };
  });
  return server;
}

export function sessionTransport(): StreamableHTTPServerTransport {
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (sessionId) => {
      draftsBySession.set(sessionId, []);
      openSessions++;
      console.log('session opened', sessionId);
    },
    onsessionclosed: (sessionId) => {
      draftsBySession.delete(sessionId);
    },
  });
  console.log('transport for', transport.sessionId);
  return transport;
}

export function sessionCount(): number {
  return openSessions;
}
