/**
 * An SDK 1.x command-line client: a loopback server settles a promise with the redirect's
 * `code`, and connect() hands it to transport.finishAuth(code). One flow, one marker: at the
 * hop where the callback settles without `iss`, saying what 1.x needs; finishAuth(code) itself
 * is reported as info pointing at it.
 */
import { createServer } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';

function waitForRedirect(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', `http://localhost:${port}`);
      const code = url.searchParams.get('code');
      const error = url.searchParams.get('error');
      if (code) {
        res.end('Signed in; you can close this tab.');
        server.close();
        resolve(code);
      } else {
        res.statusCode = 400;
        res.end('Sign-in failed');
        server.close();
        reject(new Error(error ? 'authorization was refused' : 'no code in the redirect'));
      }
    });
    server.listen(port);
  });
}

export async function connect(serverUrl: string, provider: OAuthClientProvider, port: number): Promise<Client> {
  const client = new Client({ name: 'cli', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider });
  try {
    await client.connect(transport);
  } catch (err) {
    if (!(err instanceof UnauthorizedError)) throw err;
    const code = await waitForRedirect(port);
    await transport.finishAuth(code);
    await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider }));
  }
  return client;
}
