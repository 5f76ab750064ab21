import { Client } from "@modelcontextprotocol/client";

export async function tryRead(client: Client, uri: string) {
  try {
    return await client.readResource({ uri });
  } catch (err: any) {
    if (err.code === -32002) {
      return undefined;
    }
    if (err?.code !== -32002) throw err;
    switch (err.code) {
      case -32002:
        return null;
      default:
        throw err;
    }
  }
}
