import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

export async function listOnce(url: string, resumeFrom?: string) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    sessionId: resumeFrom,
    requestInit: { headers: { 'x-team': 'search' } },
  });
  const client = new Client({ name: 'lister', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await client.connect(transport);
  const tools = await client.listTools();
  await transport.terminateSession();
  await client.close();
  return tools;
}
