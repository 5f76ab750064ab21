// Tab-indented, as wrangler's templates are: the rewrite splices text at node offsets,
// which must index this text and not the parser's tab-expanded copy of it.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpAgent } from "agents/mcp";
import { Hono } from "hono";
import { z } from "zod";

const app = new Hono<{ Bindings: Env }>();

type Props = {
	bearerToken: string;
};

export class TodoMCP extends McpAgent<Env, null, Props> {
	server = new McpServer({
		name: "Todo",
		version: "1.0.0",
	});

	async init() {
		const tag = await loadTag();
		this.server.tool("add", { title: z.string() }, async ({ title }) => ({
			content: [{ type: "text", text: `${tag}: ${title}` }],
		}));

		this.server.tool("token", {}, async () => ({
			content: [
				{
					type: "text",
					text: `token ${this.props!.bearerToken}`,
				},
			],
		}));
	}
}

async function loadTag(): Promise<string> {
	return "todo";
}

app.mount("/mcp", (req, env, ctx) => {
	const authHeader = req.headers.get("authorization");
	if (!authHeader) {
		return new Response("Unauthorized", { status: 401 });
	}
	ctx.props = { bearerToken: authHeader };
	return TodoMCP.serve("/mcp").fetch(req, env, ctx);
});

export default app;
