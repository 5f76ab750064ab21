import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

// A named constant could be the MCP code or something else: we do not guess.
/* mcp-migrate(resource-not-found-code): if this -32002 is the MCP resource-not-found code, 2026-07-28 uses -32602 (SEP-2164); change it by hand */
export const RESOURCE_MISSING = -32002;

export const server = new McpServer({ name: 'x', version: '1.0.0' });
