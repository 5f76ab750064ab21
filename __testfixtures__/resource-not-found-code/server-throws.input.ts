import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

const server = new McpServer({ name: 'docs', version: '1.0.0' });

export function readDoc(uri: string, docs: Map<string, string>) {
  const text = docs.get(uri);
  if (text === undefined) {
    throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
  }
  return { contents: [{ uri, text }] };
}

export function notFound(uri: string) {
  return { jsonrpc: '2.0', error: { code: -32002, message: 'Resource not found', data: { uri } } };
}

export { server };
