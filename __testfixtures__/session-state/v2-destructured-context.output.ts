import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { randomBytes } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/server';

// Counters per MCP session; v2 handlers destructure ctx.
const tallies = new Map<string, number>();

// MCP 2026-07-28 has no sessions (SEP-2567): a tally is reached through an explicit
// tally_id handle that open_tally mints and the model passes back. The handle is a bearer
// capability (128 random bits); on authenticated requests the key also holds the caller
// (token subject, else OAuth client), so a handle replayed by another principal finds nothing.
function keyForTally(tallyId: string, auth?: AuthInfo): string {
  return auth ? `${auth.extra?.sub ?? auth.clientId}:${tallyId}` : tallyId;
}

// An unknown, closed or foreign handle is a tool error the model can recover from.
function unknownTally(tallyId: string) {
  return {
    content: [{ type: 'text' as const, text: `Unknown or expired tally_id "${tallyId}". Call open_tally to get a new one.` }],
    isError: true,
  };
}

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'tally', version: '1.0.0' });

  // Replaces the implicit per-session tally: 16 bytes from the CSPRNG, base64url (22 chars).
  server.registerTool(
    'open_tally',
    { description: 'Open a new tally and return its tally_id. Pass tally_id to bump and read_tally. The tally lasts until the server restarts.' },
    async (ctx) => {
      const tally_id = randomBytes(16).toString('base64url');
      tallies.set(keyForTally(tally_id, ctx.http?.authInfo), 0);
      return { content: [{ type: 'text', text: tally_id }], structuredContent: { tally_id } };
    },
  );

  server.registerTool(
    'bump',
    { description: 'Add to the tally', inputSchema: z.object({ by: z.number(), tally_id: z.string().describe('tally handle returned by open_tally') }) },
    async ({ by, tally_id }, { http, mcpReq }) => {
      const tallyKey = keyForTally(tally_id, http?.authInfo);
      if (!tallies.has(tallyKey)) return unknownTally(tally_id);
      tallies.set(tallyKey, tallies.get(tallyKey)! + by);
      return { content: [{ type: 'text', text: `request ${mcpReq.id}: ${tallies.get(tallyKey)}` }] };
    },
  );

  server.registerTool('read_tally', { description: 'Read the tally', inputSchema: { tally_id: z.string().describe('tally handle returned by open_tally') } }, async ({ tally_id }, ctx) => {
    const tallyKey = keyForTally(tally_id, ctx.http?.authInfo);
    if (!tallies.has(tallyKey)) return unknownTally(tally_id);
    return { content: [{ type: 'text', text: String(tallies.get(tallyKey) ?? 0) }] };
  });

  server.registerTool('ping', { description: 'Log who pinged' }, async ({ http, mcpReq }) => {
    const sessionId = http?.authInfo?.clientId ?? String(mcpReq.id);
    console.info('ping from', sessionId);
    return { content: [{ type: 'text', text: 'pong' }] };
  });

  return server;
}
