import Fastify from 'fastify';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { streamableHttp } from 'fastify-mcp';

// Each session gets its own server; fastify-mcp keeps the session map.
function buildServer() {
  const server = new McpServer({ name: 'dice-fastify', version: '0.3.0' });
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: { sides: z.number().int().min(2) } },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  return server.server;
}

const app = Fastify();

await app.register(streamableHttp, {
  stateful: false,
  mcpEndpoint: '/mcp',
  createServer: buildServer,
});

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
const address = app.server.address();
console.log(`dice-fastify listening ${typeof address === 'object' && address ? address.port : address}`);
