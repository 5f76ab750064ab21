#!/usr/bin/env node
import express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const log = {
  info: (...args: unknown[]) => console.log('[dice]', ...args),
  error: (...args: unknown[]) => console.error('[dice]', ...args),
};

interface SessionRecord {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  seenAt: number;
}

const records = new Map<string, SessionRecord>();

function buildServer(): McpServer {
  const server = new McpServer({ name: 'dice-records', version: '1.0.0' });
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: { sides: z.number().int().min(2) } },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  return server;
}

const app = express();
app.use(express.json());

app.post('/mcp', async (req: Request, res: Response) => {
  try {
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    log.error('MCP request failed:', error);
    if (!res.headersSent) {
      res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
    }
  }
});

const sessionRoute = async (_req: Request, res: Response) => {
  res.status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
};
app.get('/mcp', sessionRoute);
app.delete('/mcp', sessionRoute);

// Sessions idle for half an hour are closed.
const reaper = setInterval(() => {
  const cutoff = Date.now() - 30 * 60 * 1000;
  for (const [id, record] of records) {
    if (record.seenAt < cutoff) {
      records.delete(id);
      void record.transport.close().then(() => record.server.close());
    }
  }
}, 60_000);
reaper.unref();

process.on('SIGTERM', async () => {
  log.info(`closing ${records.size} sessions`);
  for (const record of records.values()) await record.transport.close();
  records.clear();
  process.exit(0);
});

const port = Number(process.env.PORT ?? 3000);
const listener = app.listen(port, '127.0.0.1', () => {
  const address = listener.address();
  console.log(`dice-records listening ${typeof address === 'object' && address ? address.port : port}`);
});
