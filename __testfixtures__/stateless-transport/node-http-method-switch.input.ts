import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const sessions = new Map<string, StreamableHTTPServerTransport>();

function createMcpServer() {
  const server = new McpServer({ name: 'dice', version: '1.0.0' });
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: { sides: z.number().int().min(2) } },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  return server;
}

const httpServer = createServer(async (req, res) => {
  if (req.url !== '/mcp') {
    res.writeHead(404).end();
    return;
  }
  const sessionId = req.headers['mcp-session-id'];
  switch (req.method) {
    case 'POST': {
      let transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (!transport) {
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            sessions.set(id, transport!);
          },
        });
        transport.onclose = () => {
          if (transport?.sessionId) sessions.delete(transport.sessionId);
        };
        const server = createMcpServer();
        await server.connect(transport);
      }
      await transport.handleRequest(req, res);
      break;
    }
    case 'GET':
    case 'DELETE': {
      const transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (!transport) {
        res.writeHead(404).end('Session not found');
        return;
      }
      await transport.handleRequest(req, res);
      break;
    }
    default:
      res.writeHead(405).end();
  }
});

httpServer.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = httpServer.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
