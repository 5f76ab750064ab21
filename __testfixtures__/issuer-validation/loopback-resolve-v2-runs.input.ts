/**
 * A command-line MCP client on the v2 SDK whose loopback callback server settles a promise
 * with the authorization code, and whose caller hands that code to the transport. Migrated,
 * the promise carries the redirect's search params instead, so finishAuth(params) sees `iss`.
 * Prints `AUTHORIZE <url>` when the SDK asks to open the browser, then `LOGIN OK` or
 * `LOGIN FAILED <error name>`; given the server URL as its argument (the conformance runner),
 * it follows the authorization redirect itself and then lists the server's tools.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  auth,
  Client,
  StreamableHTTPClientTransport,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';

// Given the server URL as an argument (the conformance runner), it also plays the browser.
const selfBrowsing = process.argv[2] !== undefined;
const serverUrl = new URL(process.argv[2] ?? process.env.MCP_URL ?? 'http://127.0.0.1:9000/mcp');

class LoopbackLogin {
  redirectUrl = '';
  private readonly stored: {
    client?: StoredOAuthClientInformation;
    tokens?: StoredOAuthTokens;
    verifier?: string;
    discovery?: OAuthDiscoveryState;
  } = {};

  readonly provider: OAuthClientProvider = (() => {
    const login = this;
    return {
      get redirectUrl() {
        return login.redirectUrl;
      },
      get clientMetadata() {
        return { client_name: 'fixture loopback', redirect_uris: [login.redirectUrl], token_endpoint_auth_method: 'none' };
      },
      clientInformation: () => login.stored.client,
      saveClientInformation: (client) => {
        login.stored.client = client;
      },
      tokens: () => login.stored.tokens,
      saveTokens: (tokens) => {
        login.stored.tokens = tokens;
      },
      saveCodeVerifier: (verifier) => {
        login.stored.verifier = verifier;
      },
      codeVerifier: () => login.stored.verifier ?? '',
      discoveryState: () => login.stored.discovery,
      saveDiscoveryState: (state) => {
        login.stored.discovery = state;
      },
      redirectToAuthorization: async (url: URL) => {
        console.log(`AUTHORIZE ${url.href}`);
        if (!selfBrowsing) return;
        // The browser: follow the authorization endpoint to its redirect, our loopback callback.
        const redirect = await fetch(url, { redirect: 'manual' });
        const location = redirect.headers.get('location');
        if (location) await fetch(location);
      },
    };
  })();

  /** Listens on loopback and settles with the code of the first redirect it receives. */
  private waitForCallback(listening: () => void): Promise<string> {
    return new Promise((resolve, reject) => {
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const code = url.searchParams.get('code');
        const error = url.searchParams.get('error');
        server.close();
        if (code) {
          res.end('Signed in: you can close this window.');
          resolve(code);
        } else {
          res.statusCode = 400;
          res.end('Sign-in failed.');
          reject(new Error(`authorization failed: ${error ?? 'no code'}`));
        }
      });
      server.listen(0, '127.0.0.1', () => {
        this.redirectUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
        listening();
      });
    });
  }

  async login(transport: StreamableHTTPClientTransport): Promise<void> {
    let started: () => void = () => {};
    const listening = new Promise<void>((resolve) => (started = resolve));
    const callback = this.waitForCallback(started);
    await listening;
    await auth(this.provider, { serverUrl });
    const authorizationCode = await callback;
    await transport.finishAuth(authorizationCode);
    console.log('authorization code redeemed:', authorizationCode);
  }
}

const cli = new LoopbackLogin();
const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: cli.provider });
try {
  await cli.login(transport);
  console.log('LOGIN OK');
} catch (error) {
  console.log(`LOGIN FAILED ${error instanceof Error ? error.name : 'unknown error'}`);
  process.exit(1);
}
if (selfBrowsing) {
  const client = new Client({ name: 'fixture loopback', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await client.connect(new StreamableHTTPClientTransport(serverUrl, { authProvider: cli.provider }));
  console.log(JSON.stringify(await client.listTools()));
  await client.close();
}
