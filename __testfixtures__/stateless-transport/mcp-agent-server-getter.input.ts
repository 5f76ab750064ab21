import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';
import { z } from 'zod';

type Props = { userId: string };

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
