/**
 * session-state at runtime (issue 4, "Done when" 2 and 3).
 *
 * The per-session cart fixture and its migration (produced here by the transform) are each
 * served by two HTTP instances in this process with the stateless v1 transport (a fresh server
 * and transport per POST, as a round-robin deployment runs them). Both instances import the same
 * module, so they share one store, the way two processes would share Redis. A real SDK client
 * goes through a fetch that alternates instances on every request.
 *
 * The v2 cart fixture runs the same way on the v2 packages: each instance is
 * `toNodeHandler(createMcpHandler(() => buildServer()))` on its own node:http server (a fresh
 * server per request, no sessions), driven by a real v2 client that negotiates 2026-07-28.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server as HttpServer } from 'node:http';
import express from 'express';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { runTransforms } from '../../src/engine/run-file.ts';
import * as sessionState from '../../transforms/session-state.ts';
import type { TransformModule } from '../../src/registry.ts';

const repo = join(import.meta.dirname, '..', '..');
const fixture = join(repo, '__testfixtures__', 'session-state', 'v1-cart-lazy-init.input.ts');
const fixtureV2 = join(repo, '__testfixtures__', 'session-state', 'v2-cart-lazy-init.input.ts');
// Lazy creation as `map.get(id) ?? []` followed by `map.set(id, …)` (issue 14, rule 7).
const fixtureNotes = join(repo, '__testfixtures__', 'session-state', 'v1-notes-get-default-set.input.ts');
const work = join(repo, '.tmp', `session-state-${randomBytes(4).toString('hex')}`);

type CartModule = { buildServer(): McpServer };
interface Instance { url: string; toolCalls: number; close(): Promise<void> }

/** One HTTP instance: stateless transport per request, optional bearer auth. */
async function serve(mod: CartModule, auth: boolean): Promise<Instance> {
  const app = express();
  app.use(express.json());
  const state = { toolCalls: 0 };
  const tokens: Record<string, string> = { 'token-alice': 'alice', 'token-bob': 'bob' };
  if (auth) {
    app.use('/mcp', requireBearerAuth({
      verifier: {
        async verifyAccessToken(token: string) {
          const clientId = tokens[token];
          if (!clientId) throw new Error('unknown token');
          return { token, clientId, scopes: [], expiresAt: Math.floor(Date.now() / 1000) + 3600 };
        },
      },
    }));
  }
  app.post('/mcp', async (req, res) => {
    if (req.body?.method === 'tools/call') state.toolCalls++;
    const server = mod.buildServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => { void transport.close(); void server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.all('/mcp', (_req, res) => { res.status(405).end(); });
  const http: HttpServer = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    get toolCalls() { return state.toolCalls; },
    close: () => new Promise<void>((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }),
  };
}

/** A real SDK client whose every HTTP request goes to the next instance in turn. */
async function connect(instances: Instance[], token?: string): Promise<Client> {
  let next = 0;
  const alternating = (url: string | URL, init?: RequestInit) => {
    const target = instances[next++ % instances.length].url;
    return fetch(target, init);
  };
  const transport = new StreamableHTTPClientTransport(new URL(instances[0].url), {
    fetch: alternating,
    requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
  });
  const client = new Client({ name: 'cart-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

type ToolResult = { isError?: boolean; content?: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown> };
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as ToolResult;
const text = (r: ToolResult) => (r.content ?? []).map((c) => c.text ?? '').join('\n');

let migrated: CartModule;
let unmigrated: CartModule;
type CartModuleV2 = { buildServer(): import('@modelcontextprotocol/server').McpServer };
let migratedNotes: CartModule;
let unmigratedNotes: CartModule;
let migratedV2: CartModuleV2;
let unmigratedV2: CartModuleV2;
const running: Instance[] = [];
const clients: Client[] = [];

async function pair(mod: CartModule, auth = false): Promise<Instance[]> {
  const two = [await serve(mod, auth), await serve(mod, auth)];
  running.push(...two);
  return two;
}
async function client(instances: Instance[], token?: string) {
  const c = await connect(instances, token);
  clients.push(c);
  return c;
}

/** Migrates one fixture with session-state and imports both the result and the input. */
async function migrateAndImport<T>(fixturePath: string, name: string): Promise<{ migrated: T; unmigrated: T }> {
  const input = readFileSync(fixturePath, 'utf8');
  const out = runTransforms(`${name}.ts`, input, [sessionState as unknown as TransformModule]);
  expect(out.status).toBe('changed');
  writeFileSync(join(work, `${name}-migrated.ts`), out.output!);
  writeFileSync(join(work, `${name}-unmigrated.ts`), input);
  return { migrated: await import(join(work, `${name}-migrated.ts`)), unmigrated: await import(join(work, `${name}-unmigrated.ts`)) };
}

beforeAll(async () => {
  mkdirSync(work, { recursive: true });
  ({ migrated, unmigrated } = await migrateAndImport<CartModule>(fixture, 'cart'));
  ({ migrated: migratedV2, unmigrated: unmigratedV2 } = await migrateAndImport<CartModuleV2>(fixtureV2, 'cart-v2'));
  ({ migrated: migratedNotes, unmigrated: unmigratedNotes } = await migrateAndImport<CartModule>(fixtureNotes, 'notes'));
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  for (const c of clientsV2) await c.close().catch(() => {});
  for (const i of running) await i.close();
  rmSync(work, { recursive: true, force: true });
});

describe('session-state runtime: notebook created by `get ?? []` + `set`, over two stateless instances', () => {
  it('migrated: open_notebook → add_note ×3 across both instances → list_notes sees all three, in order', async () => {
    const instances = await pair(migratedNotes);
    const c = await client(instances);
    const notebook_id = (await call(c, 'open_notebook')).structuredContent!.notebook_id as string;
    for (const note of ['one', 'two', 'three']) expect(text(await call(c, 'add_note', { note, notebook_id }))).not.toContain('Unknown');
    expect((await call(c, 'list_notes', { notebook_id })).structuredContent!.notes).toEqual(['one', 'two', 'three']);
    expect(instances[0].toolCalls).toBeGreaterThan(0);
    expect(instances[1].toolCalls).toBeGreaterThan(0);
  });

  it('migrated: two callers keep separate notebooks; an unknown handle is a tool error naming open_notebook', async () => {
    const instances = await pair(migratedNotes);
    const a = await client(instances);
    const b = await client(instances);
    const na = (await call(a, 'open_notebook')).structuredContent!.notebook_id as string;
    const nb = (await call(b, 'open_notebook')).structuredContent!.notebook_id as string;
    await call(a, 'add_note', { note: 'alpha', notebook_id: na });
    await call(b, 'add_note', { note: 'beta', notebook_id: nb });
    expect((await call(a, 'list_notes', { notebook_id: na })).structuredContent!.notes).toEqual(['alpha']);
    expect((await call(b, 'list_notes', { notebook_id: nb })).structuredContent!.notes).toEqual(['beta']);
    const unknown = await call(a, 'add_note', { note: 'x', notebook_id: 'nope' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('open_notebook');
  });

  it('unmigrated: without sessions both callers write into one notebook', async () => {
    const instances = await pair(unmigratedNotes);
    const a = await client(instances);
    const b = await client(instances);
    await call(a, 'add_note', { note: 'alpha' });
    await call(b, 'add_note', { note: 'beta' });
    expect((await call(a, 'list_notes')).structuredContent!.notes).toEqual(['alpha', 'beta']);
  });
});

describe('session-state runtime: cart over two stateless instances', () => {
  it('migrated: open_cart → add_item ×3 across both instances → checkout sees 3 items', async () => {
    const instances = await pair(migrated);
    const c = await client(instances);
    const opened = await call(c, 'open_cart');
    expect(opened.isError).toBeFalsy();
    const cart_id = opened.structuredContent!.cart_id as string;
    expect(text(opened)).toContain(cart_id);
    for (const sku of ['apple', 'pear', 'plum']) expect((await call(c, 'add_item', { sku, cart_id })).isError).toBeFalsy();
    const done = await call(c, 'checkout', { cart_id });
    expect(done.structuredContent!.items).toEqual(['apple', 'pear', 'plum']);
    // The requests really were spread over both instances.
    expect(instances[0].toolCalls).toBeGreaterThan(0);
    expect(instances[1].toolCalls).toBeGreaterThan(0);
    // checkout ended the cart: its handle is now unknown.
    expect(text(await call(c, 'add_item', { sku: 'fig', cart_id }))).toContain('open_cart');
  });

  it('migrated: two callers keep separate carts', async () => {
    const instances = await pair(migrated);
    const a = await client(instances);
    const b = await client(instances);
    const cartA = (await call(a, 'open_cart')).structuredContent!.cart_id as string;
    const cartB = (await call(b, 'open_cart')).structuredContent!.cart_id as string;
    for (const sku of ['apple', 'pear', 'plum']) await call(a, 'add_item', { sku, cart_id: cartA });
    await call(b, 'add_item', { sku: 'kiwi', cart_id: cartB });
    expect((await call(a, 'checkout', { cart_id: cartA })).structuredContent!.items).toEqual(['apple', 'pear', 'plum']);
    expect((await call(b, 'checkout', { cart_id: cartB })).structuredContent!.items).toEqual(['kiwi']);
  });

  it('unmigrated: the same sequence fails (no open_cart; without sessions every caller shares one cart)', async () => {
    const instances = await pair(unmigrated);
    const a = await client(instances);
    const b = await client(instances);
    const open = await call(a, 'open_cart').then((r) => (r.isError ? 'error' : 'ok'), () => 'error');
    expect(open).toBe('error');
    // Without a handle, the session id is undefined on every request: one cart for everybody.
    for (const sku of ['apple', 'pear', 'plum']) await call(a, 'add_item', { sku });
    await call(b, 'add_item', { sku: 'kiwi' });
    const items = (await call(a, 'checkout')).structuredContent!.items as string[];
    expect(items).not.toEqual(['apple', 'pear', 'plum']);
    expect(items).toContain('kiwi');
  });

  it('an unknown handle is a tool error that names open_cart', async () => {
    const c = await client(await pair(migrated));
    const r = await call(c, 'add_item', { sku: 'apple', cart_id: 'no-such-cart' });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('open_cart');
    expect(text(r)).toContain('no-such-cart');
  });

  it('with bearer auth, a second principal using the first one\'s handle is refused', async () => {
    const instances = await pair(migrated, true);
    const alice = await client(instances, 'token-alice');
    const bob = await client(instances, 'token-bob');
    const cart_id = (await call(alice, 'open_cart')).structuredContent!.cart_id as string;
    expect((await call(alice, 'add_item', { sku: 'apple', cart_id })).isError).toBeFalsy();
    const stolen = await call(bob, 'add_item', { sku: 'brick', cart_id });
    expect(stolen.isError).toBe(true);
    expect(text(stolen)).toContain('open_cart');
    expect((await call(bob, 'checkout', { cart_id })).isError).toBe(true);
    expect((await call(alice, 'checkout', { cart_id })).structuredContent!.items).toEqual(['apple']);
  });

  it('the generated handle carries at least 128 bits (length and alphabet)', async () => {
    const c = await client(await pair(migrated));
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const id = (await call(c, 'open_cart')).structuredContent!.cart_id as string;
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url').length).toBe(16); // 16 bytes from randomBytes = 128 bits
      seen.add(id);
    }
    // 22 symbols of a 64-letter alphabet hold 132 bits; the encoder fills them from 16 random bytes.
    expect(22 * Math.log2(64)).toBeGreaterThanOrEqual(128);
    expect(seen.size).toBe(20);
  });
});

// ---------------------------------------------------------------- v2

type ClientV2 = import('@modelcontextprotocol/client').Client;
const clientsV2: ClientV2[] = [];

/** One v2 instance: createMcpHandler (a fresh server per request) behind toNodeHandler on node:http. */
async function serveV2(mod: CartModuleV2, auth: boolean): Promise<Instance> {
  const { createMcpHandler } = await import('@modelcontextprotocol/server');
  const { toNodeHandler } = await import('@modelcontextprotocol/node');
  const handler = toNodeHandler(createMcpHandler(() => mod.buildServer()));
  const tokens: Record<string, string> = { 'token-alice': 'alice', 'token-bob': 'bob' };
  const state = { toolCalls: 0 };
  const http = createServer((req, res) => {
    if (!req.url?.startsWith('/mcp')) return void res.writeHead(404).end();
    if (auth) {
      // A stand-in for bearer middleware: toNodeHandler forwards `req.auth` to ctx.http.authInfo.
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const clientId = token ? tokens[token] : undefined;
      if (!clientId) return void res.writeHead(401).end();
      (req as typeof req & { auth?: object }).auth = { token, clientId, scopes: [], expiresAt: Math.floor(Date.now() / 1000) + 3600 };
    }
    if (req.headers['mcp-method'] === 'tools/call') state.toolCalls++;
    void handler(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const { port } = http.address() as AddressInfo;
  const instance: Instance = {
    url: `http://127.0.0.1:${port}/mcp`,
    get toolCalls() { return state.toolCalls; },
    close: () => new Promise<void>((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }),
  };
  running.push(instance);
  return instance;
}

/** A real v2 client (2026-07-28 negotiated) whose every request goes to the next instance in turn. */
async function clientV2(instances: Instance[], token?: string): Promise<ClientV2> {
  const { Client: V2Client, StreamableHTTPClientTransport: V2Transport } = await import('@modelcontextprotocol/client');
  let next = 0;
  const alternating = (_url: string | URL | Request, init?: RequestInit) => fetch(instances[next++ % instances.length].url, init);
  const transport = new V2Transport(new URL(instances[0].url), {
    fetch: alternating,
    requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
  });
  const c = new V2Client({ name: 'cart-test-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await c.connect(transport);
  expect(c.getNegotiatedProtocolVersion()).toBe('2026-07-28');
  clientsV2.push(c);
  return c;
}

const callV2 = async (c: ClientV2, name: string, args: Record<string, unknown> = {}) =>
  (await c.callTool({ name, arguments: args })) as ToolResult;
const pairV2 = async (mod: CartModuleV2, auth = false) => [await serveV2(mod, auth), await serveV2(mod, auth)];

describe('session-state runtime, v2: cart over two createMcpHandler instances, v2 client', () => {
  it('migrated: open_cart → add_item ×3 across both instances → checkout sees 3 items', async () => {
    const instances = await pairV2(migratedV2);
    const c = await clientV2(instances);
    const opened = await callV2(c, 'open_cart');
    expect(opened.isError).toBeFalsy();
    const cart_id = opened.structuredContent!.cart_id as string;
    expect(cart_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const sku of ['apple', 'pear', 'plum']) expect((await callV2(c, 'add_item', { sku, cart_id })).isError).toBeFalsy();
    const done = await callV2(c, 'checkout', { cart_id });
    expect(done.structuredContent!.items).toEqual(['apple', 'pear', 'plum']);
    expect(instances[0].toolCalls).toBeGreaterThan(0);
    expect(instances[1].toolCalls).toBeGreaterThan(0);
  });

  it('migrated: an unknown handle is a tool error that names open_cart', async () => {
    const c = await clientV2(await pairV2(migratedV2));
    const r = await callV2(c, 'add_item', { sku: 'apple', cart_id: 'no-such-cart' });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('open_cart');
    expect(text(r)).toContain('no-such-cart');
  });

  it('migrated: with bearer auth, a second principal using the first one\'s handle is refused', async () => {
    const instances = await pairV2(migratedV2, true);
    const alice = await clientV2(instances, 'token-alice');
    const bob = await clientV2(instances, 'token-bob');
    const cart_id = (await callV2(alice, 'open_cart')).structuredContent!.cart_id as string;
    expect((await callV2(alice, 'add_item', { sku: 'apple', cart_id })).isError).toBeFalsy();
    const stolen = await callV2(bob, 'add_item', { sku: 'brick', cart_id });
    expect(stolen.isError).toBe(true);
    expect(text(stolen)).toContain('open_cart');
    expect((await callV2(alice, 'checkout', { cart_id })).structuredContent!.items).toEqual(['apple']);
  });

  it('unmigrated: the same sequence fails (no open_cart; ctx.sessionId is undefined, so callers share one cart)', async () => {
    const instances = await pairV2(unmigratedV2);
    const a = await clientV2(instances);
    const b = await clientV2(instances);
    const open = await callV2(a, 'open_cart').then((r) => (r.isError ? 'error' : 'ok'), () => 'error');
    expect(open).toBe('error');
    for (const sku of ['apple', 'pear', 'plum']) await callV2(a, 'add_item', { sku });
    await callV2(b, 'add_item', { sku: 'kiwi' });
    const items = (await callV2(a, 'checkout')).structuredContent!.items as string[];
    expect(items).not.toEqual(['apple', 'pear', 'plum']);
    expect(items).toContain('kiwi');
  });
});
