import fastify from "fastify";
import * as z from "zod/v4";
import { McpServer, createMcpHandler } from "@modelcontextprotocol/server";
import { toNodeHandler } from "@modelcontextprotocol/node";

const server = fastify({ logger: false });

// One McpServer per session; the plugin routes each request to it by Mcp-Session-Id.
const mcpHandler = toNodeHandler(createMcpHandler(() => {
  const mcp = new McpServer({ name: "dice-fastify-v2", version: "1.2.0" });
  mcp.registerTool(
    "roll",
    { description: "Roll a die", inputSchema: z.object({ sides: z.number().int().min(2) }) },
    async ({ sides }) => ({ content: [{ type: "text", text: String(1 + Math.floor(Math.random() * sides)) }] }),
  );
  return mcp.server;
}, { legacy: "stateless" }));
server.all("/mcp", (request, reply) => mcpHandler(request.raw, reply.raw, request.body));

server.listen({ port: Number(process.env.PORT ?? 3000), host: "127.0.0.1" }).then(() => {
  const address = server.server.address();
  console.log(`dice-fastify-v2 listening ${typeof address === "object" && address ? address.port : address}`);
});
