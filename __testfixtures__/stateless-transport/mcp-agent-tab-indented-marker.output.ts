// Tab-indented, and not rewritten (it reads this.name): the marker is the only change, with
// every other byte (tabs included) as it was.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpAgent } from "agents/mcp";
import { z } from "zod";

/* mcp-migrate(stateless-transport): `EchoMCP` extends McpAgent: one Durable Object per client session, reached by Mcp-Session-Id, which 2026-07-28 requests do not carry (agents' sessionful 2025-era path): move `init()` into `function createServer()` that builds and returns the McpServer (`this.server` → that server, `this.props` → `getMcpAuthContext()?.props`, `this.env` → `env` from cloudflare:workers); serve `createMcpHandler(createServer, { route: '/mcp' })` from agents/mcp/server (agents ≥ 0.20 with @modelcontextprotocol/server v2) where `EchoMCP.serve()` is mounted; remove the Durable Object binding from the wrangler config once 2025-era clients have moved (its default legacy: 'stateless' serves them too) (not rewritten: it reads `this.name`, which a server factory does not have) (SEP-2567) */
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
