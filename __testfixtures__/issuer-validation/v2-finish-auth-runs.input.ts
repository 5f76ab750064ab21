/**
 * A command-line MCP client on the v2 SDK signing in with OAuth: a loopback express app
 * receives the authorization redirect and hands the code to the transport. Two callback
 * styles: `/callback` reads the redirect URL's search params, `/callback-query` reads
 * express's req.query (CALLBACK_PATH picks the one registered as redirect URI).
 * Prints `AUTHORIZE <url>` once the SDK asks to open the browser.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import {
  auth,
  StreamableHTTPClientTransport,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';

const serverUrl = new URL(process.env.MCP_URL ?? 'http://127.0.0.1:9000/mcp');
const callbackPath = process.env.CALLBACK_PATH ?? '/callback';
let redirectUrl = '';

// Everything a real CLI would keep on disk between the two legs of the flow, kept in memory.
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
    return { client_name: 'fixture cli', redirect_uris: [redirectUrl], token_endpoint_auth_method: 'none' };
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
  redirectToAuthorization: (url) => {
    console.log(`AUTHORIZE ${url.href}`);
  },
};

const transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
const app = express();

app.get('/callback', async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const code = url.searchParams.get('code');
  if (!code) {
    res.status(400).send('Missing code');
    return;
  }
  try {
    await transport.finishAuth(code);
    res.send('Signed in');
  } catch (error) {
    // Never echo the callback's parameters: after a mix-up they come from an attacker.
    res.status(400).send(`Sign-in failed: ${error instanceof Error ? error.name : 'unknown error'}`);
  }
});

app.get('/callback-query', async (req, res) => {
  try {
    await transport.finishAuth(req.query.code as string);
    res.send('Signed in');
  } catch (error) {
    res.status(400).send(`Sign-in failed: ${error instanceof Error ? error.name : 'unknown error'}`);
  }
});

const listener = app.listen(0, '127.0.0.1', async () => {
  const { port } = listener.address() as AddressInfo;
  redirectUrl = `http://127.0.0.1:${port}${callbackPath}`;
  try {
    // The first leg: discovery, registration, then the redirect to the authorization server.
    await auth(provider, { serverUrl });
  } catch (error) {
    console.error(`Sign-in could not start: ${error instanceof Error ? error.name : 'unknown error'}`);
    process.exit(1);
  }
});
