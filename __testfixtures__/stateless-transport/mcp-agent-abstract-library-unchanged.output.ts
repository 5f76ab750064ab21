import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';

// A base class for the library's users: they subclass it and choose serve() or serveSSE().
export abstract class MeteredAgent<Env, State, Props extends Record<string, unknown>> extends McpAgent<Env, State, Props> {
  protected meter(server: McpServer, tool: string): void {
    server.server.sendLoggingMessage({ level: 'info', data: `metered ${tool}` });
  }
}
