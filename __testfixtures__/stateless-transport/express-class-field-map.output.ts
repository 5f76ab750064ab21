// A class owns the express app and keeps transports in a field; one route serves every method.
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

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
      if (req.method !== 'POST') {
        res.status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
        return;
      }
      try {
        const server = new McpServer({ name: 'class-dice', version: '0.9.0' });
        this.addTools(server);
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on('close', () => {
          void transport.close();
          void server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, req.body);
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
