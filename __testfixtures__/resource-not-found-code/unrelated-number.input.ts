import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

// A named constant could be the MCP code or something else: we do not guess.
export const RESOURCE_MISSING = -32002;

export const server = new McpServer({ name: 'x', version: '1.0.0' });
