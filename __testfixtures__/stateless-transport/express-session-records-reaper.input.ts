#!/usr/bin/env node
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

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

function sessionIdOf(req: Request): string | undefined {
  const value = req.headers['mcp-session-id'];
  if (Array.isArray(value)) return value[0];
  return value || undefined;
}

const app = express();
app.use(express.json());

app.post('/mcp', async (req: Request, res: Response) => {
  const sessionId = sessionIdOf(req);
  try {
    if (sessionId) {
      const record = records.get(sessionId);
      if (!record) {
        res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
        return;
      }
      record.seenAt = Date.now();
      await record.transport.handleRequest(req, res, req.body);
      return;
    }
    if (!isInitializeRequest(req.body)) {
      res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: Missing Mcp-Session-Id header' }, id: null });
      return;
    }

    let opened: string | undefined;
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        opened = id;
        records.set(id, { server, transport, seenAt: Date.now() });
        log.info(`session ${id} opened`);
      },
      onsessionclosed: (id) => {
        const record = records.get(id);
        if (!record) {
          return;
        }
        records.delete(id);
        void record.server.close().catch((err: unknown) => log.error(`closing session ${id}`, err));
        log.info(`session ${id} closed`);
      },
    });
    await server.connect(transport);
    try {
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      if (opened) records.delete(opened);
      await transport.close();
      await server.close();
      throw err;
    }
  } catch (err) {
    log.error('MCP request failed', err);
    if (!res.headersSent) {
      res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
    }
  }
});

const sessionRoute = async (req: Request, res: Response) => {
  const sessionId = sessionIdOf(req);
  const record = sessionId ? records.get(sessionId) : undefined;
  if (!record) {
    res.status(404).send('Session not found');
    return;
  }
  await record.transport.handleRequest(req, res);
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
