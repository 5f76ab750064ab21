import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// The app's own "session": a ticket the `open_ticket` tool mints and callers pass back.
interface TicketDeps {
  sessionId: string;
  owner: string;
}

function describeTicket(deps: TicketDeps): string {
  return `${deps.owner} holds ticket ${deps.sessionId}`;
}

export function touch(entry: { sessionId: string; seen: number }): { sessionId: string } {
  entry.seen = Date.now();
  return { sessionId: entry.sessionId };
}

// Headers for our calls to the upstream analytics API, which takes its own id in this header.
export function upstreamHeaders(id: string, transport: 'sse' | 'http'): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-upstream-transport': transport };
  headers['mcp-session-id'] = id;
  return headers;
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'tickets', version: '1.0.0' });
  server.registerTool(
    'describe_ticket',
    { description: 'Describe a ticket', inputSchema: { ticket: z.string(), owner: z.string() } },
    async ({ ticket, owner }) => ({
      content: [{ type: 'text', text: describeTicket({ sessionId: ticket, owner }) }],
    }),
  );
  return server;
}
