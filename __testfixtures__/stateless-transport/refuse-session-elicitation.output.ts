import express from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

function bookingServer(): McpServer {
  const server = new McpServer({ name: 'bookings', version: '1.2.0' });
  server.registerTool('book_table', { inputSchema: { guests: z.number().int() } }, async ({ guests }) => {
    // Asks the user on the session's stream, and waits for the answer on that session.
    const answer = await server.server.elicitInput({
      message: `Confirm a table for ${guests}?`,
      requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
    });
    return { content: [{ type: 'text', text: answer.action === 'accept' ? 'booked' : 'cancelled' }] };
  });
  return server;
}

const app = express();
app.use(express.json());
const transports = new Map<string, StreamableHTTPServerTransport>();

app.post('/mcp', async (req, res) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  let transport = sessionId ? transports.get(sessionId) : undefined;
  if (!transport && isInitializeRequest(req.body)) {
    /* mcp-migrate(stateless-transport): this server uses its sessions for server→client requests (elicitInput), which a per-request server cannot carry, so the route is not rewritten: keep this sessionful endpoint for 2025-era clients and put a 2026-07-28 leg in front of it (`--sdk v2 --legacy keep` writes it: `isLegacyRequest` → this code, else createMcpHandler), with those features in their stateless form there (server→client requests become input_required results, SEP-2322) (SEP-2567) */
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports.set(id, transport!);
      },
    });
    await bookingServer().connect(transport);
  }
  if (!transport) {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'No session' }, id: null });
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
