/**
 * An SDK 1.x hub that keeps one connection per upstream MCP server; its HTTP routes (another
 * module) parse the redirect and call `connection.completeLogin(code)`. Only the code reaches
 * finishAuth here, so the marker says to bring `iss` along and use finishAuth(code, iss) on v2.
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export class UpstreamConnection {
  constructor(private readonly transport: StreamableHTTPClientTransport) {}

  async completeLogin(code: string): Promise<void> {
    await this.transport.finishAuth(code);
  }
}
