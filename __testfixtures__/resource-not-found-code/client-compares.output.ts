import { Client } from "@modelcontextprotocol/client";

export async function tryRead(client: Client, uri: string) {
  try {
    return await client.readResource({ uri });
  } catch (err: any) {
    if (err.code === -32602 || err.code === -32002) {
      return undefined;
    }
    if (err?.code !== -32602 && err?.code !== -32002) throw err;
    switch (err.code) {
      /* mcp-migrate(resource-not-found-code): add `case -32602:` next to this case: 2026-07-28 peers send -32602 for resource not found (SEP-2164), older ones -32002 */
      case -32002:
        return null;
      default:
        throw err;
    }
  }
}
