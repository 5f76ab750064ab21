// A class owns the express app and keeps transports in a field; one route serves every method.
import express, { type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

export class DiceHttpServer {
  private app = express();

  // Open transports by session id
  private sessions: Record<string, StreamableHTTPServerTransport> = {};

  private readonly faces: number;

  constructor(faces = 6) {
    this.faces = faces;
    this.app.use(express.json());
    this.routes();
  }

  private routes(): void {
    this.app.all('/mcp', async (req: Request, res: Response) => {
      try {
        if (req.method === 'POST') {
          const sessionId = req.headers['mcp-session-id'] as string | undefined;
          let transport: StreamableHTTPServerTransport;
          if (sessionId && this.sessions[sessionId]) {
            transport = this.sessions[sessionId];
          } else if (!sessionId && isInitializeRequest(req.body)) {
            const server = new McpServer({ name: 'class-dice', version: '0.9.0' });
            transport = new StreamableHTTPServerTransport({
              sessionIdGenerator: () => randomUUID(),
              onsessioninitialized: (sid) => {
                this.sessions[sid] = transport;
              },
            });
            transport.onclose = () => {
              if (transport.sessionId) {
                delete this.sessions[transport.sessionId];
              }
            };
            this.addTools(server);
            await server.connect(transport);
          } else {
            res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: no session' }, id: null });
            return;
          }
          await transport.handleRequest(req, res, req.body);
        } else if (req.method === 'GET' || req.method === 'DELETE') {
          const sessionId = req.headers['mcp-session-id'] as string | undefined;
          if (!sessionId || !this.sessions[sessionId]) {
            res.status(400).send('Invalid or missing session ID');
            return;
          }
          await this.sessions[sessionId].handleRequest(req, res);
        } else {
          res.status(405).send('Method not allowed');
        }
      } catch (error) {
        console.error('MCP request failed:', error);
        if (!res.headersSent) {
          res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
        }
      }
    });

    this.app.get('/healthz', (_req: Request, res: Response) => {
      res.json({ ok: true, sessions: Object.keys(this.sessions).length });
    });
  }

  private addTools(server: McpServer): void {
    server.tool('roll', { sides: z.number().int().min(2).optional() }, async ({ sides }) => ({
      content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * (sides ?? this.faces))) }],
    }));
  }

  listen(port: number) {
    return this.app.listen(port, '127.0.0.1');
  }
}

const listener = new DiceHttpServer().listen(Number(process.env.PORT ?? 3000));
listener.on('listening', () => {
  const address = listener.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
