/**
 * A browser-style MCP client on the v2 SDK that signs in through a popup: the popup's callback
 * page posts the authorization response to its opener, whose message listener hands the code
 * to the transport and settles login(). No browser here: the "popup page" is served on
 * loopback and `opener` is an EventTarget in this process, so both ends run for real.
 * Prints `AUTHORIZE <url>` when the SDK asks to open the popup, then `LOGIN OK` or
 * `LOGIN FAILED <error name>` when login() settles. Given an MCP server URL as its argument
 * (the conformance runner's way), it also plays the browser itself and, once signed in,
 * lists the server's tools.
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

interface Opener {
  postMessage(message: unknown, targetOrigin: string): void;
}

const APP_ORIGIN = 'http://127.0.0.1';
const selfBrowsing = process.argv[2] !== undefined;
const serverUrl = new URL(process.argv[2] ?? process.env.MCP_URL ?? 'http://127.0.0.1:9000/mcp');
let redirectUrl = '';

/** The popup's callback page: read the redirect and hand it to the window that opened it. */
export function handleCallbackPage(location: URL, opener: Opener): void {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) {
    opener.postMessage({ type: 'mcp-oauth-callback', error: 'missing_code' }, APP_ORIGIN);
    return;
  }
  opener.postMessage({ type: 'mcp-oauth-callback', code, state: params.get('state') }, APP_ORIGIN);
}

/** The opener: settle login() with whatever the popup reports. */
export function awaitPopupLogin(win: EventTarget, transport: StreamableHTTPClientTransport): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = async (event: Event) => {
      const message = event as MessageEvent;
      if (message.origin !== APP_ORIGIN || message.data?.type !== 'mcp-oauth-callback') return;
      win.removeEventListener('message', onMessage);
      if (!message.data.code) {
        reject(new Error('Sign-in failed: no authorization code'));
        return;
      }
      try {
        await transport.finishAuth(message.data.code);
        resolve();
      } catch (error) {
        reject(error);
      }
    };
    win.addEventListener('message', onMessage);
  });
}

const stored: {
  client?: StoredOAuthClientInformation;
  tokens?: StoredOAuthTokens;
  verifier?: string;
  discovery?: OAuthDiscoveryState;
} = {};

const provider: OAuthClientProvider = {
  get redirectUrl() {
    return redirectUrl;
  },
  get clientMetadata() {
    return { client_name: 'fixture popup', redirect_uris: [redirectUrl], token_endpoint_auth_method: 'none' };
  },
  clientInformation: () => stored.client,
  saveClientInformation: (client) => {
    stored.client = client;
  },
  tokens: () => stored.tokens,
  saveTokens: (tokens) => {
    stored.tokens = tokens;
  },
  saveCodeVerifier: (verifier) => {
    stored.verifier = verifier;
  },
  codeVerifier: () => stored.verifier ?? '',
  discoveryState: () => stored.discovery,
  saveDiscoveryState: (state) => {
    stored.discovery = state;
  },
  redirectToAuthorization: async (url) => {
    console.log(`AUTHORIZE ${url.href}`);
    if (!selfBrowsing) return;
    // The browser: follow the authorization endpoint to its redirect and load it in the popup.
    const redirect = await fetch(url, { redirect: 'manual' });
    const location = redirect.headers.get('location');
    if (location) await fetch(location);
  },
};

const appWindow = new EventTarget();
const opener: Opener = {
  postMessage: (data, targetOrigin) => {
    appWindow.dispatchEvent(new MessageEvent('message', { data, origin: targetOrigin }));
  },
};

const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
const login = awaitPopupLogin(appWindow, transport);

// The popup: one page load, then it closes.
const popup = createServer((req, res) => {
  handleCallbackPage(new URL(req.url ?? '/', `http://${req.headers.host}`), opener);
  res.end('You can close this window.');
  popup.close();
});

popup.listen(0, '127.0.0.1', async () => {
  const { port } = popup.address() as AddressInfo;
  redirectUrl = `http://127.0.0.1:${port}/popup-callback`;
  try {
    await auth(provider, { serverUrl });
  } catch (error) {
    console.log(`LOGIN FAILED ${error instanceof Error ? error.name : 'unknown error'}`);
    process.exit(1);
  }
  try {
    await login;
    console.log('LOGIN OK');
  } catch (error) {
    console.log(`LOGIN FAILED ${error instanceof Error ? error.name : 'unknown error'}`);
    process.exit(1);
  }
  if (selfBrowsing) {
    const client = new Client({ name: 'fixture popup', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(serverUrl, { authProvider: provider }));
    console.log(JSON.stringify(await client.listTools()));
    await client.close();
  }
});
