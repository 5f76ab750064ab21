import Fastify from 'fastify';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { fastifyMCPSSE, streamableHttp } from 'fastify-mcp';

function clockServer() {
  const server = new McpServer({ name: 'clock', version: '2.0.0' });
  server.registerTool('now', { description: 'Current time, ISO 8601' }, async () => ({
    content: [{ type: 'text', text: new Date().toISOString() }],
  }));
  return server.server;
}

const app = Fastify();

// Modern clients use /mcp; older ones still open the SSE stream.
await app.register(streamableHttp, { stateful: false, mcpEndpoint: '/mcp', createServer: clockServer });
/* mcp-migrate(stateless-transport): legacy HTTP+SSE endpoint served by fastify-mcp's fastifyMCPSSE, beside a streamable endpoint of the same library: it serves 2025-era clients only (2026-07-28 clients use the streamable one); keep it while they exist, then answer 410 Gone naming the streamable endpoint (SEP-2567) */
await app.register(fastifyMCPSSE, { server: clockServer() });

await app.listen({ port: Number(process.env.PORT ?? 3000) });
