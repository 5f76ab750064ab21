import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export function gone(uri: string) {
  return { code: -32002, message: `missing ${uri}` };
}

export const s = new McpServer({ name: "crlf", version: "1" });
