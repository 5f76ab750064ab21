/**
 * A hand-rolled MCP client (fetch only, no SDK): finds the authorization server through the
 * resource's protected-resource metadata, registers, runs the authorization code flow with
 * PKCE and lists tools with the token. The browser step is simulated by reading the
 * authorization endpoint's redirect and handing its URL to the callback handler.
 * Usage: node fetch-only-mcp-client.ts <mcp server url>
 */
import { createHash, randomBytes } from 'node:crypto';

const PROTOCOL_VERSION = '2026-07-28';
const REDIRECT_URI = 'http://127.0.0.1:8976/callback';

interface PendingAuth {
  metadata: Record<string, any>;
  clientId: string;
  verifier: string;
  state: string;
  resource: string;
}

function callMcp(serverUrl: string, method: string, token?: string): Promise<Response> {
  return fetch(serverUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL_VERSION,
      'mcp-method': method,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method,
      params: {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': PROTOCOL_VERSION,
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': { name: 'fetch-only-client', version: '1.0.0' },
        },
      },
    }),
  });
}

async function discoverAuthorizationServer(issuer: string) {
  const res = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
  if (!res.ok) throw new Error(`metadata request failed: ${res.status}`);
  const metadata = await res.json();
  // RFC 8414 §3.3: use the metadata only if it names the issuer its URL was built from.
  if (metadata.issuer !== issuer) {
    throw new Error('Authorization server metadata rejected: issuer mismatch (RFC 8414 §3.3)');
  }
  return metadata;
}

async function startAuthorization(serverUrl: string, challenge: Response): Promise<{ pending: PendingAuth; authorizeUrl: URL }> {
  const header = challenge.headers.get('www-authenticate') ?? '';
  const prmUrl = /resource_metadata="([^"]+)"/.exec(header)?.[1] ?? new URL('/.well-known/oauth-protected-resource', serverUrl).href;
  const prm = await (await fetch(prmUrl)).json();
  const metadata = await discoverAuthorizationServer(prm.authorization_servers[0]);

  const registration = await fetch(metadata.registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'fetch-only-client',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    }),
  });
  const { client_id: clientId } = await registration.json();

  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorizeUrl = new URL(metadata.authorization_endpoint);
  authorizeUrl.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    resource: prm.resource,
  }).toString();
  return { pending: { metadata, clientId, verifier, state, resource: prm.resource }, authorizeUrl };
}

async function handleCallback(callbackUrl: string, pending: PendingAuth): Promise<string> {
  const url = new URL(callbackUrl);
  const code = url.searchParams.get('code');
  // RFC 9207 §2.4 (SEP-2468): reject a response whose `iss` differs from the issuer we redirected to
  // (exact string match), or lacks `iss` when that authorization server advertises support for it.
  const iss = url.searchParams.get('iss');
  const issAdvertised = 'authorization_response_iss_parameter_supported' in pending.metadata && pending.metadata.authorization_response_iss_parameter_supported === true;
  if (iss === null ? issAdvertised : iss !== pending.metadata.issuer) {
    throw new Error('Authorization response rejected: wrong or missing issuer (RFC 9207)');
  }
  const error = url.searchParams.get('error');
  if (error) {
    throw new Error(`Authorization failed: ${error} ${url.searchParams.get('error_description') ?? ''}`);
  }
  if (!code || url.searchParams.get('state') !== pending.state) throw new Error('Invalid authorization callback');

  const body = new URLSearchParams();
  body.set('grant_type', 'authorization_code');
  body.set('code', code);
  body.set('redirect_uri', REDIRECT_URI);
  body.set('client_id', pending.clientId);
  body.set('code_verifier', pending.verifier);
  body.set('resource', pending.resource);
  const res = await fetch(pending.metadata.token_endpoint, { method: 'POST', body });
  if (!res.ok) throw new Error(`Token request failed: ${res.status}`);
  const tokens = await res.json();
  return tokens.access_token;
}

async function main(serverUrl: string): Promise<void> {
  let res = await callMcp(serverUrl, 'tools/list');
  if (res.status === 401) {
    const { pending, authorizeUrl } = await startAuthorization(serverUrl, res);
    // The browser: follow the authorization endpoint to its redirect.
    const redirect = await fetch(authorizeUrl, { redirect: 'manual' });
    const location = redirect.headers.get('location');
    if (!location) throw new Error(`No redirect from the authorization endpoint (${redirect.status})`);
    const token = await handleCallback(location, pending);
    res = await callMcp(serverUrl, 'tools/list', token);
  }
  if (!res.ok) throw new Error(`tools/list failed: ${res.status}`);
  console.log(JSON.stringify(await res.json()));
}

await main(process.argv[2]);
