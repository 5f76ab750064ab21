import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export async function run(url: string, savedSessionId: string | undefined, save: (id: string | undefined) => void) {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: 'resumer', version: '1.0.0' });
  await client.connect(transport);
  /* mcp-migrate(session-state): transport.sessionId is always undefined against 2026-07-28 servers (SEP-2567); drop the persisted id and any logic that resumes or keys on it */
  save(transport.sessionId);
  const tools = await client.listTools();
  await client.close();
  return tools;
}
