import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';
import { z } from 'zod';

type Props = { userId: string };

/* mcp-migrate(stateless-transport): `ReminderMCP` extends McpAgent: one Durable Object per client session, reached by Mcp-Session-Id, which 2026-07-28 requests do not carry (agents' sessionful 2025-era path): move the `server` getter's body and `init()` into `function createServer()` that builds and returns the McpServer (`this.server` → that server, `this.props` → `getMcpAuthContext()?.props`, `this.env` → `env` from cloudflare:workers); serve `createMcpHandler(createServer, { route: '/mcp' })` from agents/mcp/server (agents ≥ 0.20 with @modelcontextprotocol/server v2) where `ReminderMCP.serve()` is mounted; remove the Durable Object binding from the wrangler config once 2025-era clients have moved (its default legacy: 'stateless' serves them too) (not rewritten: `ReminderMCP.serve()` is mounted in a file outside its directory) (SEP-2567) */
export class ReminderMCP extends McpAgent<Record<string, never>, unknown, Props> {
  async init() {}

  get server() {
    const server = new McpServer({ name: 'reminders', version: '1.0.0' });
    server.tool('remind', { text: z.string() }, async ({ text }) => ({
      content: [{ type: 'text', text: `${this.props.userId}: ${text}` }],
    }));
    return server;
  }
}
