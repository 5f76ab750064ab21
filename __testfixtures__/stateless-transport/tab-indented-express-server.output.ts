// Written with tabs, as many real servers are: the rewrite splices text at node offsets, which
// must index this text and not the parser's tab-expanded copy of it.
import express from "express";
import { z } from "zod";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

function makeServer(): McpServer {
	const server = new McpServer({ name: "coin", version: "0.4.0" });
	server.registerTool(
		"roll",
		{ description: "Flip a coin with this many sides", inputSchema: { sides: z.number().int().min(2) } },
		async ({ sides }) => ({
			content: [{ type: "text", text: String(1 + Math.floor(Math.random() * sides)) }],
		}),
	);
	return server;
}

const app = express();
app.use(express.json());

app.post("/mcp", async (req, res) => {
	try {
		const server = makeServer();
		const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
		res.on("close", () => {
			void transport.close();
			void server.close();
		});
		await server.connect(transport);
		await transport.handleRequest(req, res, req.body);
	} catch (error) {
		console.error("MCP request failed:", error);
		if (!res.headersSent) {
			res.status(500).json({ jsonrpc: "2.0", error: { code: -32603, message: "Internal server error" }, id: null });
		}
	}
});

const onSession = async (_req: express.Request, res: express.Response) => {
	res.status(405).json({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null });
};

app.get("/mcp", onSession);
app.delete("/mcp", onSession);

const listener = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
	const address = listener.address();
	console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
