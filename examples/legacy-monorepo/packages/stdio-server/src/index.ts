import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

// Notes live as long as this process: fine on stdio, lost behind an HTTP load balancer.
const notes = new Map<string, string>();

const server = new McpServer({ name: 'acme-notes', version: '0.3.0' });

server.tool('save_note', 'Save a note under a title', { title: z.string(), body: z.string() }, async ({ title, body }) => {
  notes.set(title, body);
  return { content: [{ type: 'text', text: `saved ${title}` }] };
});

server.resource('note', new ResourceTemplate('note://{title}', { list: undefined }), async (uri, { title }) => {
  const body = notes.get(String(title));
  if (body === undefined) {
    throw new McpError(-32002, `Resource not found: ${uri.href}`);
  }
  return { contents: [{ uri: uri.href, text: body }] };
});

await server.connect(new StdioServerTransport());
