import { createServer } from 'node:http';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

declare const transport: StreamableHTTPClientTransport;

createServer(async (req, res) => {
  const url = new URL(req.url!, 'http://localhost:8090');
  const code = url.searchParams.get('code');
  if (code) {
    /* mcp-migrate(issuer-validation): SDK 1.x does not validate `iss` (RFC 9207, SEP-2468): run `mcp-migrate pins --to v2`, then pass the callback URLSearchParams to finishAuth(params); until then compare the callback `iss` with the issuer recorded before the redirect, and reject when it differs or is missing while the AS advertises authorization_response_iss_parameter_supported */
    await transport.finishAuth(code);
    res.end('Signed in');
  }
}).listen(8090);
