import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

const docs = new Map<string, string>();

// An auth failure that happens to use -32002: SEP-2164 does not touch it.
export function requireUser(userId: string | undefined): string {
  if (!userId) throw new McpError(-32002, 'user id required');
  return userId;
}

export function build(): McpServer {
  const server = new McpServer({ name: 'docs', version: '1.0.0' });
  // Inside a resources/read handler a -32002 is the resource-not-found error, whatever its message says.
  server.registerResource('doc', new ResourceTemplate('doc://{id}', { list: undefined }), {}, async (uri, { id }) => {
    const text = docs.get(String(id));
    if (text === undefined) throw new McpError(-32002, describe(uri.href));
    return { contents: [{ uri: uri.href, text }] };
  });
  return server;
}

function describe(href: string): string {
  return `${href}?`;
}

// No message and no handler around it: a person decides.
export const unclear = (reason: string) => new McpError(-32002, reason);
