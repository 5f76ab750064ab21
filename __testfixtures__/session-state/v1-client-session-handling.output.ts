import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export async function run(url: string, savedSessionId: string | undefined, save: (id: string | undefined) => void) {
  const transport = new StreamableHTTPClientTransport(new URL(url), { sessionId: savedSessionId });
  const client = new Client({ name: 'resumer', version: '1.0.0' });
  await client.connect(transport);
  save(transport.sessionId);
  const tools = await client.listTools();
  await transport.terminateSession();
  await client.close();
  return tools;
}
