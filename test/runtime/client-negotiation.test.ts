/**
 * Clients keep their session handling and, on SDK v2, gain `versionNegotiation: { mode: 'auto' }`:
 * the migrated client fixture speaks 2026-07-28 to a v2 server (no initialize handshake) and
 * still works against a sessionful 2025-era server, ending the session it opened (DELETE with
 * its Mcp-Session-Id) instead of leaking it. The unmigrated input falls back to the 2025
 * handshake even against the v2 server, so the test can tell the two apart.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTransforms } from '../../src/engine/run-file.ts';
import * as sessionState from '../../transforms/session-state.ts';
import * as statelessTransport from '../../transforms/stateless-transport.ts';
import type { TransformModule } from '../../src/registry.ts';
import { startInstance, type Instance } from '../helpers/node22.ts';

const repo = join(import.meta.dirname, '..', '..');
const fixtures = join(repo, '__testfixtures__');
mkdirSync(join(repo, '.tmp'), { recursive: true });
const work = mkdtempSync(join(repo, '.tmp', 'client-negotiation-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(rule: string, name: string, transform: unknown, migrate: boolean): string {
  const source = readFileSync(join(fixtures, rule, `${name}.input.ts`), 'utf8');
  let text = source;
  if (migrate) {
    const outcome = runTransforms(`${name}.input.ts`, source, [transform as TransformModule]);
    expect(outcome.status, outcome.error).toBe('changed');
    text = outcome.output!;
  }
  const file = join(work, `${name}.${migrate ? 'migrated' : 'input'}.ts`);
  writeFileSync(file, text);
  return file;
}

type Seen = { methods: string[]; deletes: Array<string | null> };

/** Runs `body` with the global fetch recording JSON-RPC methods and DELETEs. */
async function recording<T>(body: () => Promise<T>): Promise<{ result: T; seen: Seen }> {
  const seen: Seen = { methods: [], deletes: [] };
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (method === 'DELETE') seen.deletes.push(headers.get('mcp-session-id'));
    if (typeof init?.body === 'string') {
      const msg = JSON.parse(init.body);
      for (const m of Array.isArray(msg) ? msg : [msg]) if (m.method) seen.methods.push(m.method);
    }
    return real(input, init);
  }) as typeof fetch;
  try {
    return { result: await body(), seen };
  } finally {
    globalThis.fetch = real;
  }
}

async function withServer<T>(file: string, body: (url: string) => Promise<T>): Promise<T> {
  const instance: Instance = await startInstance(file);
  try {
    return await body(`http://127.0.0.1:${instance.port}/mcp`);
  } finally {
    await instance.stop();
  }
}

type ListOnce = (url: string) => Promise<{ tools: Array<{ name: string }> }>;
const load = async (file: string): Promise<ListOnce> => (await import(pathToFileURL(file).href)).listOnce;

describe('a v2 client after session-state', () => {
  const migratedClient = write('session-state', 'v2-client-session-handling', sessionState, true);
  const inputClient = write('session-state', 'v2-client-session-handling', sessionState, false);
  const v2Server = write('stateless-transport', 'v2-node-http', statelessTransport, true);
  const v1Server = write('stateless-transport', 'express-object-map', statelessTransport, false);

  it('keeps its session option and terminateSession()', () => {
    const text = readFileSync(migratedClient, 'utf8');
    expect(text).toMatch(/sessionId: resumeFrom/);
    expect(text).toMatch(/terminateSession\(\)/);
  });

  it('speaks 2026-07-28 to a v2 server: no initialize handshake', async () => {
    const listOnce = await load(migratedClient);
    const { result, seen } = await withServer(v2Server, (url) => recording(() => listOnce(url)));
    expect(result.tools.map((t) => t.name)).toContain('roll');
    expect(seen.methods).not.toContain('initialize');
    expect(seen.methods).toContain('tools/list');
  }, 60_000);

  it('the unmigrated client falls back to the 2025 handshake against the same server', async () => {
    const listOnce = await load(inputClient);
    const { seen } = await withServer(v2Server, (url) => recording(() => listOnce(url)));
    expect(seen.methods).toContain('initialize');
  }, 60_000);

  it('still works against a sessionful 2025-era server and ends its session', async () => {
    const listOnce = await load(migratedClient);
    const { result, seen } = await withServer(v1Server, (url) => recording(() => listOnce(url)));
    expect(result.tools.map((t) => t.name)).toContain('roll');
    expect(seen.methods).toContain('initialize');
    expect(seen.deletes).toHaveLength(1);
    expect(seen.deletes[0]).toMatch(/\S+/);
  }, 60_000);
});
