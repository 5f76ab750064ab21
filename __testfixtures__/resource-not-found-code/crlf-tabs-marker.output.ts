import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export function codes() {
	const a = 1;
	const b = 2;
	/* mcp-migrate(resource-not-found-code): if this -32002 is the MCP resource-not-found code, 2026-07-28 uses -32602 (SEP-2164); change it by hand */
	const missing = -32002;
	return { a, b, missing };
}

export const s = new McpServer({ name: "crlf", version: "1" });
