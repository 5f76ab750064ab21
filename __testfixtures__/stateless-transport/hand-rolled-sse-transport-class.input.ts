import express from 'express';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

// Our own event-stream transport, written before the SDK shipped one.
class EventStreamSseTransport implements Transport {
  readonly sessionId = randomUUID();
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;

  constructor(private readonly res: Response) {}

  async start(): Promise<void> {
    this.res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    this.res.write(`event: endpoint\ndata: /messages?sessionId=${this.sessionId}\n\n`);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    this.res.end();
    this.onclose?.();
  }
}

const streams = new Map<string, EventStreamSseTransport>();
const app = express();
app.use(express.json());

app.get('/sse', async (_req, res) => {
  const server = new McpServer({ name: 'clock', version: '0.1.0' });
  server.registerTool('now', { description: 'Current time' }, async () => ({ content: [{ type: 'text', text: new Date().toISOString() }] }));
  const transport = new EventStreamSseTransport(res);
  streams.set(transport.sessionId, transport);
  res.on('close', () => streams.delete(transport.sessionId));
  await server.connect(transport);
});

app.post('/messages', (req, res) => {
  const transport = streams.get(String(req.query.sessionId));
  if (!transport) {
    res.status(404).send('unknown session');
    return;
  }
  transport.onmessage?.(req.body as JSONRPCMessage);
  res.status(202).end();
});

app.listen(3000);
