// Tab-indented, and not rewritten (it reads this.name): the marker is the only change, with
// every other byte (tabs included) as it was.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpAgent } from "agents/mcp";
import { z } from "zod";

export class EchoMCP extends McpAgent<Env> {
	server = new McpServer({
		name: "Echo",
		version: "1.0.0",
	});

	async init() {
		this.server.tool(
			"echo",
			{ text: z.string() },
			async ({ text }) => ({
				content: [{ type: "text", text: `${this.name}: ${text}` }],
			}),
		);
	}
}

export default {
	fetch(request: Request, env: Env, ctx: ExecutionContext) {
		return EchoMCP.serve("/mcp").fetch(request, env, ctx);
	},
};
