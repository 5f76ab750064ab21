import fastify from "fastify";
import * as z from "zod/v4";
import { McpServer } from "@modelcontextprotocol/server";
import { Sessions, streamableHttp } from "fastify-mcp";

const server = fastify({ logger: false });

server.register(streamableHttp, {
  stateful: true,
  mcpEndpoint: "/mcp",
  // One McpServer per session; the plugin routes each request to it by Mcp-Session-Id.
  createServer: () => {
    const mcp = new McpServer({ name: "dice-fastify-v2", version: "1.2.0" });
    mcp.registerTool(
      "roll",
      { description: "Roll a die", inputSchema: z.object({ sides: z.number().int().min(2) }) },
      async ({ sides }) => ({ content: [{ type: "text", text: String(1 + Math.floor(Math.random() * sides)) }] }),
    );
    return mcp.server;
  },
  sessions: new Sessions(),
});

server.listen({ port: Number(process.env.PORT ?? 3000), host: "127.0.0.1" }).then(() => {
  const address = server.server.address();
  console.log(`dice-fastify-v2 listening ${typeof address === "object" && address ? address.port : address}`);
});
