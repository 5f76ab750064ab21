import express from 'express';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const server = new McpServer({ name: 'single', version: '1.0.0' });
/* mcp-migrate(stateless-transport): one module-level transport with a session id generator serves every client as one session; a stateless transport serves one request, so build server and transport per request in the route (SEP-2567) */
const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
await server.connect(transport);

const app = express();
app.use(express.json());
app.post('/mcp', (req, res) => transport.handleRequest(req, res, req.body));
app.listen(3000);
