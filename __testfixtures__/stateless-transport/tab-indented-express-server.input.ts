// Written with tabs, as many real servers are: the rewrite splices text at node offsets, which
// must index this text and not the parser's tab-expanded copy of it.
import express from "express";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";

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

const live: Record<string, StreamableHTTPServerTransport> = {};

app.post("/mcp", async (req, res) => {
	const id = req.headers["mcp-session-id"] as string | undefined;
	let transport: StreamableHTTPServerTransport;
	if (id && live[id]) {
		transport = live[id];
	} else if (!id && isInitializeRequest(req.body)) {
		transport = new StreamableHTTPServerTransport({
			sessionIdGenerator: () => randomUUID(),
			onsessioninitialized: (sid) => {
				live[sid] = transport;
			},
		});
		transport.onclose = () => {
			if (transport.sessionId) delete live[transport.sessionId];
		};
		await makeServer().connect(transport);
	} else {
		res.status(400).json({ jsonrpc: "2.0", error: { code: -32000, message: "No session" }, id: null });
		return;
	}
	await transport.handleRequest(req, res, req.body);
});

const onSession = async (req: express.Request, res: express.Response) => {
	const id = req.headers["mcp-session-id"] as string | undefined;
	if (!id || !live[id]) {
		res.status(400).send("Unknown session");
		return;
	}
	await live[id].handleRequest(req, res);
};

app.get("/mcp", onSession);
app.delete("/mcp", onSession);

const listener = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
	const address = listener.address();
	console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
