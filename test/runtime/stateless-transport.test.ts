/**
 * issue 3 "Done when" 1 and the v2 half of 2: two real instances of a server fixture
 * behind a client whose fetch alternates between them (a round-robin balancer in
 * miniature). The unmigrated input must fail (its session lives on one instance); the
 * output produced by the transform in this test must list tools and call a tool 10 times.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { runTransforms } from '../../src/engine/run-file.ts';
import * as statelessTransport from '../../transforms/stateless-transport.ts';
import { TRANSFORMS, type TransformModule } from '../../src/registry.ts';
import { startInstance, type Instance } from '../helpers/node22.ts';
import { roundRobin, withTwo } from '../helpers/round-robin.ts';

const repo = join(import.meta.dirname, '..', '..');
const fixtures = join(repo, '__testfixtures__', 'stateless-transport');
mkdirSync(join(repo, '.tmp'), { recursive: true });
const work = mkdtempSync(join(repo, '.tmp', 'stateless-transport-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Server fixtures that listen on $PORT and register the `roll` tool. */
const V1_SERVERS = [
  'tab-indented-express-server',
  'express-object-map',
  'express-all-route-event-store',
  'router-named-handler-crlf',
  'node-http-method-switch',
  'setup-only-per-request',
  'express-shared-handler-tools-helper',
  'express-route-path-constants',
  'express-class-field-map',
  'express-class-method-branches-no-semi',
  'fastify-mcp-stateful-option',
  'express-session-records-reaper',
];
const V2_SERVERS = ['v2-fastify-mcp-stateful-plugin', 'v2-express-map-shared-server', 'v2-node-http', 'v2-inline-server-setup', 'v2-json-response-factory-chain', 'v2-express-dns-rebinding', 'v2-express-awaited-setup-local', 'v2-express-map-status-count'];

function prepare(name: string, legacy?: 'reject' | 'keep'): { input: string; migrated: string } {
  const source = readFileSync(join(fixtures, `${name}.input.ts`), 'utf8');
  const outcome = runTransforms(`${name}.input.ts`, source, [statelessTransport as unknown as TransformModule], legacy ? { transformOptions: { legacy } } : {});
  expect(outcome.status, outcome.error).toBe('changed');
  const input = join(work, `${name}.input.ts`);
  const migrated = join(work, `${name}${legacy ? `.${legacy}` : ''}.migrated.ts`);
  writeFileSync(input, source);
  writeFileSync(migrated, outcome.output!);
  return { input, migrated };
}

async function v1Session(instances: Instance[]): Promise<number[]> {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const { rrFetch, hits } = roundRobin(instances);
  const client = new Client({ name: 'round-robin-v1', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${instances[0].port}/mcp`), { fetch: rrFetch });
  try {
    await client.connect(transport);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('roll');
    for (let i = 0; i < 10; i++) {
      const result = await client.callTool({ name: 'roll', arguments: { sides: 6 } });
      const text = (result.content as Array<{ type: string; text: string }>)[0].text;
      expect(Number(text)).toBeGreaterThanOrEqual(1);
    }
  } finally {
    await client.close().catch(() => {});
  }
  return hits;
}

async function v2Session(instances: Instance[]): Promise<number[]> {
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const { rrFetch, hits } = roundRobin(instances);
  const client = new Client({ name: 'round-robin-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${instances[0].port}/mcp`), { fetch: rrFetch });
  try {
    await client.connect(transport);
    // The probe must have selected 2026-07-28, not fallen back to the 2025 handshake.
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('roll');
    for (let i = 0; i < 10; i++) {
      const result = await client.callTool({ name: 'roll', arguments: { sides: 6 } });
      const text = (result.content as Array<{ type: string; text: string }>)[0].text;
      expect(Number(text)).toBeGreaterThanOrEqual(1);
    }
  } finally {
    await client.close().catch(() => {});
  }
  return hits;
}

/** Both instances answered a real share of the session's requests. */
async function expectBothServed(file: string, session: (instances: Instance[]) => Promise<number[]>): Promise<void> {
  const hits = await withTwo(file, session);
  expect(hits[0]).toBeGreaterThan(2);
  expect(hits[1]).toBeGreaterThan(2);
}

async function expectSessionFailure(run: Promise<unknown>): Promise<void> {
  const err = await run.then(() => undefined, (e: Error) => e);
  expect(err, 'the unmigrated server must fail behind round robin').toBeInstanceOf(Error);
  // It fails on the session, not on start-up: the other instance never saw the session.
  expect(err!.message).not.toMatch(/did not start|exited/);
  expect(err!.message).toMatch(/session|bad request|40[04]/i);
}

describe.each(V1_SERVERS)('round robin, v1 client: %s', (name) => {
  const files = prepare(name);

  it('the unmigrated input fails behind round robin', async () => {
    await expectSessionFailure(withTwo(files.input, v1Session));
  }, 60_000);

  it('the migrated output lists tools and calls a tool 10 times across both instances', async () => {
    await expectBothServed(files.migrated, v1Session);
  }, 60_000);
});

describe.each(V2_SERVERS)('round robin, v2 target: %s', (name) => {
  const files = prepare(name);

  it('the unmigrated input fails behind round robin (v2 client, versionNegotiation auto)', async () => {
    await expectSessionFailure(withTwo(files.input, v2Session));
  }, 60_000);

  it('the migrated output serves a v2 client with versionNegotiation auto across both instances', async () => {
    await expectBothServed(files.migrated, v2Session);
  }, 60_000);

  it('the migrated output also serves a v1 (2025-era) client across both instances', async () => {
    await expectBothServed(files.migrated, v1Session);
  }, 60_000);
});

describe('a route outside the MCP endpoint that counts the session map keeps working', () => {
  const files = prepare('v2-express-map-status-count');

  it('GET /status still answers 200 with its count (0: no request opens a session now)', async () => {
    await withTwo(files.migrated, async (instances) => {
      await v2Session(instances);
      for (const i of instances) {
        const res = await fetch(`http://127.0.0.1:${i.port}/status`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ ok: true, openSessions: 0 });
      }
    });
  }, 60_000);

  it('v1: a class keeping transports in a field, counted by GET /healthz: that route answers 200 after migration', async () => {
    const cls = prepare('express-class-field-map');
    await withTwo(cls.migrated, async (instances) => {
      await v1Session(instances);
      const res = await fetch(`http://127.0.0.1:${instances[0].port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, sessions: 0 });
    });
  }, 60_000);
});

describe('v2: the v1 transport\'s DNS rebinding check is kept in front of createMcpHandler', () => {
  const files = prepare('v2-express-dns-rebinding');

  it('a request naming another host is refused with 403, before and after', async () => {
    for (const file of [files.input, files.migrated]) {
      await withTwo(file, async (instances) => {
        const post = (host: string) => new Promise<number>((resolve, reject) => {
          const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } } });
          const req = httpRequest({ host: '127.0.0.1', port: instances[0].port, path: '/mcp', method: 'POST',
            headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end(body);
        });
        expect(await post('evil.example:80'), file).toBe(403);
        expect(await post(`localhost:${instances[0].port}`), file).toBe(200);
      });
    }
  });
});

describe('--legacy reject: the v2 handler serves 2026-07-28 clients only', () => {
  const files = prepare('v2-node-http', 'reject');

  it('names its posture in the output', () => {
    expect(readFileSync(files.migrated, 'utf8')).toContain("{ legacy: 'reject' }");
  });

  it('serves a v2 client with versionNegotiation auto across both instances', async () => {
    await expectBothServed(files.migrated, v2Session);
  }, 60_000);

  it('refuses a v1 (2025-era) client', async () => {
    const err = await withTwo(files.migrated, v1Session).then(() => undefined, (e: Error) => e);
    expect(err, 'a 2025-era client must be refused under legacy: reject').toBeInstanceOf(Error);
    expect(err!.message).not.toMatch(/did not start|exited/);
  }, 60_000);
});

describe('--legacy keep: a 2026-07-28 leg in front of sessions that carry resource subscriptions (one port)', () => {
  const files = prepare('v2-sessions-with-subscriptions', 'keep');

  it('keeps the session code and puts the era check in front of it', () => {
    const out = readFileSync(files.migrated, 'utf8');
    expect(out).toContain('isLegacyRequest(await toWebRequest(req, req.body))');
    expect(out).toContain("createMcpHandler(() => watchServer(), { legacy: 'reject' })");
    expect(out).toContain('sessionIdGenerator: () => randomUUID()');
  });

  it('a 2025-era client gets its subscription updates within its session, and a 2026-07-28 client is served statelessly', async () => {
    const instance = await startInstance(files.migrated);
    try {
      const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
      const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
      const { ResourceUpdatedNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
      const url = new URL(`http://127.0.0.1:${instance.port}/mcp`);
      const legacy = new Client({ name: 'era-2025', version: '1.0.0' });
      const updated = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no resources/updated within 10 s')), 10_000);
        legacy.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
          clearTimeout(timer);
          resolve(n.params.uri);
        });
      });
      const legacyTransport = new StreamableHTTPClientTransport(url);
      await legacy.connect(legacyTransport);
      expect(legacyTransport.sessionId, 'the 2025-era client still gets a session').toBeTruthy();
      await legacy.subscribeResource({ uri: 'counter://main' });
      // Give the client's standalone GET stream a moment to open before the server pushes.
      await new Promise((r) => setTimeout(r, 300));
      await legacy.callTool({ name: 'bump', arguments: {} });
      expect(await updated).toBe('counter://main');
      await legacy.close();

      const { Client: ModernClient, StreamableHTTPClientTransport: ModernTransport } = await import('@modelcontextprotocol/client');
      const modern = new ModernClient({ name: 'era-2026', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
      await modern.connect(new ModernTransport(url));
      expect(modern.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      const result = await modern.callTool({ name: 'roll', arguments: { sides: 6 } });
      expect(Number((result.content as Array<{ text: string }>)[0].text)).toBeGreaterThanOrEqual(1);
      await modern.close();
    } finally {
      await instance.stop();
    }
  }, 60_000);

  it('the unmigrated input serves the 2026-07-28 client only on a 2025 revision (what the leg changes)', async () => {
    const instance = await startInstance(files.input);
    try {
      const { Client: ModernClient, StreamableHTTPClientTransport: ModernTransport } = await import('@modelcontextprotocol/client');
      const modern = new ModernClient({ name: 'era-2026', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
      await modern.connect(new ModernTransport(new URL(`http://127.0.0.1:${instance.port}/mcp`)));
      expect(modern.getNegotiatedProtocolVersion()).not.toBe('2026-07-28');
      await modern.close();
    } finally {
      await instance.stop();
    }
  }, 60_000);

  it('a second run leaves the keep output as it is (code behind an era check stays)', () => {
    const out = readFileSync(files.migrated, 'utf8');
    // Every rule, any posture: session-state does not mark the kept 2025-era leg either.
    for (const legacy of ['keep', 'stateless']) {
      const again = runTransforms('v2-sessions-with-subscriptions.ts', out, TRANSFORMS, { transformOptions: { legacy } });
      expect(again.status, legacy).toBe('unchanged');
    }
  });
});
