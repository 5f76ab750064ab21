// Tab-indented, as wrangler's templates are: the rewrite splices text at node offsets,
// which must index this text and not the parser's tab-expanded copy of it.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { createMcpHandler } from "agents/mcp";
import { DurableObject } from "cloudflare:workers";
import { Hono } from "hono";
import { z } from "zod";

const app = new Hono<{ Bindings: Env }>();

type Props = {
	bearerToken: string;
};

// Kept for the wrangler config's Durable Object binding (class_name TodoMCP): createMcpHandler
// serves every request now. Retire it with a deleted_classes migration once old sessions drain.
export class TodoMCP extends DurableObject {}

async function createServer(props: Props) {
	const server = new McpServer({
		name: "Todo",
		version: "1.0.0",
	});

	const tag = await loadTag();
	server.tool("add", { title: z.string() }, async ({ title }) => ({
		content: [{ type: "text", text: `${tag}: ${title}` }],
	}));

	server.tool("token", {}, async () => ({
		content: [
			{
				type: "text",
				text: `token ${props!.bearerToken}`,
			},
		],
	}));

	return server;
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
	return createServer(ctx.props as Props).then((server) => createMcpHandler(server, { route: "/mcp" })(req, env, ctx));
});

export default app;
