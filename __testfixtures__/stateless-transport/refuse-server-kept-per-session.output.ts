import express from 'express';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const app = express();
app.use(express.json());
const transports: Record<string, StreamableHTTPServerTransport> = {};
// Read by the admin route below to list who is connected.
const servers: Record<string, McpServer> = {};

app.post('/mcp', async (req, res) => {
  const id = req.headers['mcp-session-id'] as string | undefined;
  let transport = id ? transports[id] : undefined;
  if (!transport) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        transports[sid] = transport!;
      },
    });
    const server = new McpServer({ name: 'roster', version: '1.0.0' });
    /* mcp-migrate(stateless-transport): the route keeps `server` per session in `servers`: whatever reads that map needs the session; drop it and build the server and a stateless transport per request by hand (SEP-2567) */
    servers[randomUUID()] = server;
    await server.connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});

app.get('/admin/sessions', (_req, res) => {
  res.json(Object.keys(servers));
});

app.listen(3000);
