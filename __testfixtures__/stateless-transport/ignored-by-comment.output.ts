import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

// mcp-migrate-ignore(stateless-transport)
export const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
