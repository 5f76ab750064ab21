import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export function gone(uri: string) {
  return { code: -32602, message: `resource ${uri} not found` };
}

export const s = new McpServer({ name: "crlf", version: "1" });
