import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export function codes() {
	const a = 1;
	const b = 2;
	const missing = -32002;
	return { a, b, missing };
}

export const s = new McpServer({ name: "crlf", version: "1" });
