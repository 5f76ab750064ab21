/**
 * An McpAgent Worker migrated to agents' createMcpHandler (agents/mcp/server, SDK v2),
 * executed: two instances behind round robin serve a 2026-07-28 client and a 2025-era
 * client, and what the agent read from `this.props` (the caller, and a tool registered only
 * for admins) still comes from each request's `ctx.props`.
 *
 * The unmigrated input is not run: McpAgent is a Durable Object and needs the Workers
 * runtime (its sessions live in Durable Object storage), which Node does not provide.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTransforms } from '../../src/engine/run-file.ts';
import * as statelessTransport from '../../transforms/stateless-transport.ts';
import type { TransformModule } from '../../src/registry.ts';
import type { Instance } from '../helpers/node22.ts';
import { roundRobin, withTwo } from '../helpers/round-robin.ts';

const repo = join(import.meta.dirname, '..', '..');
const host = join(repo, 'test', 'helpers', 'workers-runtime', 'host.mts');
mkdirSync(join(repo, '.tmp'), { recursive: true });
const work = mkdtempSync(join(repo, '.tmp', 'mcp-agent-worker-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function migrate(name: string): string {
  const displayPath = `__testfixtures__/stateless-transport/${name}.input.ts`;
  const source = readFileSync(join(repo, displayPath), 'utf8');
  const outcome = runTransforms(displayPath, source, [statelessTransport as unknown as TransformModule]);
  expect(outcome.status, outcome.error).toBe('changed');
  expect(outcome.output!.replace(/^\s*\/\/.*$/gm, '')).not.toMatch(/extends McpAgent|\.serve\(/);
  const file = join(work, `${name}.migrated.ts`);
  writeFileSync(file, outcome.output!);
  return file;
}

/**
 * A class mounted from the Worker entry beside it: the entry is run as it is, importing the
 * migrated class under the input's file name.
 */
function migrateMountedElsewhere(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.input.ts`), readFileSync(migrate(name), 'utf8'));
  const entry = join(dir, `${name}.worker.ts`);
  writeFileSync(entry, readFileSync(join(repo, '__testfixtures__', 'stateless-transport', `${name}.worker.ts`), 'utf8'));
  return entry;
}

type Text = { content: Array<{ type: string; text: string }> };

async function modernClient(instances: Instance[], token: string) {
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const { rrFetch, hits } = roundRobin(instances);
  const client = new Client({ name: 'worker-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${instances[0].port}/mcp`), {
    fetch: rrFetch, requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return { client, hits };
}

async function legacyClient(instances: Instance[], token: string) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const { rrFetch, hits } = roundRobin(instances);
  const client = new Client({ name: 'worker-v1', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${instances[0].port}/mcp`), {
    fetch: rrFetch, requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return { client, hits };
}

describe('McpAgent Worker → createMcpHandler (agents/mcp/server), two instances behind round robin', () => {
  const file = migrate('v2-mcp-agent-bearer-worker');

  it('a v2 client negotiates 2026-07-28 and every request sees its own caller', async () => {
    await withTwo(host, async (instances) => {
      const { client, hits } = await modernClient(instances, 'alice');
      try {
        expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
        const names = (await client.listTools()).tools.map((t) => t.name);
        expect(names).toEqual(expect.arrayContaining(['roll', 'whoami']));
        expect(names).not.toContain('reset');
        for (let i = 0; i < 10; i++) {
          const who = (await client.callTool({ name: 'whoami', arguments: {} })) as Text;
          expect(who.content[0].text).toBe('alice');
          const roll = (await client.callTool({ name: 'roll', arguments: { sides: 6 } })) as Text;
          expect(Number(roll.content[0].text)).toBeGreaterThanOrEqual(1);
        }
      } finally {
        await client.close().catch(() => {});
      }
      expect(hits[0]).toBeGreaterThan(2);
      expect(hits[1]).toBeGreaterThan(2);
    }, [file]);
  });

  it('a tool the agent registered only for admins is listed for an admin request only', async () => {
    await withTwo(host, async (instances) => {
      const { client } = await modernClient(instances, 'root');
      try {
        expect((await client.listTools()).tools.map((t) => t.name)).toContain('reset');
      } finally {
        await client.close().catch(() => {});
      }
    }, [file]);
  });

  it('a 2025-era v1 client is served too (legacy: stateless), across both instances', async () => {
    await withTwo(host, async (instances) => {
      const { client, hits } = await legacyClient(instances, 'bob');
      try {
        for (let i = 0; i < 10; i++) {
          const who = (await client.callTool({ name: 'whoami', arguments: {} })) as Text;
          expect(who.content[0].text).toBe('bob');
        }
      } finally {
        await client.close().catch(() => {});
      }
      expect(hits[0]).toBeGreaterThan(2);
      expect(hits[1]).toBeGreaterThan(2);
    }, [file]);
  });

  it('a request without a bearer token still gets the Worker\'s own 401', async () => {
    await withTwo(host, async (instances) => {
      const res = await fetch(`http://127.0.0.1:${instances[0].port}/mcp`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(401);
    }, [file]);
  });
});

describe('McpAgent with a server getter and helper members, mounted from the Worker entry beside it', () => {
  const entry = migrateMountedElsewhere('v2-mcp-agent-helpers-sibling-mount');

  it('the unchanged entry serves a v2 client (2026-07-28) through the class\'s static serve(), per request, on both instances', async () => {
    await withTwo(host, async (instances) => {
      const { client, hits } = await modernClient(instances, 'ana@red');
      try {
        expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
        expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['add_task', 'list_tasks']);
        for (let i = 0; i < 6; i++) {
          const added = (await client.callTool({ name: 'add_task', arguments: { task: `t${i}` } })) as Text;
          expect(added.content[0].text).toBe(`board/red (ana): added t${i}`);
        }
        const listed = (await client.callTool({ name: 'list_tasks', arguments: { limit: 50 } })) as Text;
        // Tasks live in each process's module-level Map: each instance saw half of them.
        expect(listed.content[0].text).toMatch(/^board\/red \(ana\): t\d(, t\d)*$/);
      } finally {
        await client.close().catch(() => {});
      }
      expect(hits[0]).toBeGreaterThan(2);
      expect(hits[1]).toBeGreaterThan(2);
    }, [entry]);
  });

  it('a 2025-era v1 client is served too, and each request sees its own caller', async () => {
    await withTwo(host, async (instances) => {
      const { client, hits } = await legacyClient(instances, 'bo@blue');
      try {
        for (let i = 0; i < 6; i++) {
          const listed = (await client.callTool({ name: 'list_tasks', arguments: {} })) as Text;
          expect(listed.content[0].text).toBe('board/blue (bo): empty');
        }
      } finally {
        await client.close().catch(() => {});
      }
      expect(hits[0]).toBeGreaterThan(2);
      expect(hits[1]).toBeGreaterThan(2);
    }, [entry]);
  });
});
