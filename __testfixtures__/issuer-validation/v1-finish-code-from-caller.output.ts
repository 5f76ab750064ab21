/**
 * An SDK 1.x hub that keeps one connection per upstream MCP server; its HTTP routes (another
 * module) parse the redirect and call `connection.completeLogin(code)`. Only the code reaches
 * finishAuth here, so the marker says to bring `iss` along and use finishAuth(code, iss) on v2.
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export class UpstreamConnection {
  constructor(private readonly transport: StreamableHTTPClientTransport) {}

  async completeLogin(code: string): Promise<void> {
    /* mcp-migrate(issuer-validation): SDK 1.x does not validate `iss` (RFC 9207, SEP-2468): run `mcp-migrate pins --to v2`; only the code reaches this call, so bring the callback `iss` here with it from where the redirect is parsed and call finishAuth(code, iss); until then compare the callback `iss` with the issuer recorded before the redirect, and reject when it differs or is missing while the AS advertises authorization_response_iss_parameter_supported */
    await this.transport.finishAuth(code);
  }
}
