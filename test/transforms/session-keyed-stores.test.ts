/**
 * Stores keyed by a session id parameter, in modules with no SDK import (gateway registries,
 * per-session timers): the prefilter must let such a file through to session-state, each
 * store gets one finding and one marker at its declaration, and look-alikes stay untouched.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureCases, readText } from '../helpers/fixtures.ts';
import { runTransforms } from '../../src/engine/run-file.ts';
import { createPrefilter } from '../../src/engine/prefilter.ts';
import { TRANSFORMS, type TransformModule } from '../../src/registry.ts';
import * as sessionState from '../../transforms/session-state.ts';

const rule = sessionState as unknown as TransformModule;
const cases = new Map(fixtureCases('session-state').map((c) => [c.name, c]));
const input = (name: string) => readText(cases.get(name)!.inputPath);
const run = (path: string, source: string) => runTransforms(path, source, [rule]);

const packages = mkdtempSync(join(tmpdir(), 'keyed-stores-'));
afterAll(() => rmSync(packages, { recursive: true, force: true }));
let packageCount = 0;

/** Writes `source` as src/registry.ts of a new package (optionally nested in `outer`'s); returns its path. */
function inPackage(manifest: object, source: string, inner?: object): string {
  const dir = join(packages, `p${packageCount++}`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  let at = dir;
  if (inner) {
    at = join(dir, 'apps', 'admin');
    mkdirSync(join(at, 'src'), { recursive: true });
    writeFileSync(join(at, 'package.json'), JSON.stringify(inner));
  }
  const file = join(at, 'src', 'registry.ts');
  writeFileSync(file, source);
  return file;
}

describe('session-keyed stores', () => {
  it('the prefilter hands a gateway module without an SDK import to session-state', () => {
    const prefilter = createPrefilter(TRANSFORMS);
    const ids = prefilter.matching(Buffer.from(input('gateway-stores-keyed-by-session-param'))).map((t) => t.meta.id);
    expect(ids).toContain('session-state');
    expect(prefilter.matching(Buffer.from('const seen = new Map();\nexport const note = (sessionId: string) => seen.set(sessionId, 1);\n'))).toEqual([]);
  });

  it('one manual finding per store, named with the parameter that keys it, at the declaration line; a wrapping instance is not a second store', () => {
    const source = input('gateway-stores-keyed-by-session-param');
    const outcome = run('src/gateway/registry.ts', source);
    const lines = source.split('\n');
    const found = outcome.findings.map((f) => ({ line: f.line, message: f.message, resolution: f.resolution }));
    expect(found).toHaveLength(4);
    expect(found.every((f) => f.resolution === 'manual')).toBe(true);
    expect(found[0].message).toMatch(/^`declared` keeps state per MCP session \(keyed by the `sessionId` parameter of `remember`\)/);
    expect(lines[found[0].line! - 1]).toMatch(/const declared = new Map/);
    expect(found[1].message).toMatch(/^`this\.timers` keeps state per MCP session \(keyed by the `sessionId` parameter of `start`\)/);
    expect(lines[found[1].line! - 1]).toMatch(/private timers = new Map/);
    expect(found[2].message).toMatch(/^`this\.infos` keeps state per MCP session \(keyed by the `sessionId` parameter of `set`\)/);
    // `const { sessionId } = job`, `job` a parameter: keyed by the caller's session id all the same.
    expect(found[3].message).toMatch(/^`progressSinks` keeps state per MCP session \(keyed by `sessionId`, from the `job` parameter of `reportProgress`\)/);
    expect(lines[found[3].line! - 1]).toMatch(/const progressSinks = new Map/);
    expect(outcome.output!.match(/mcp-migrate\(session-state\)/g)).toHaveLength(4);
  });

  it('minted handles and transport records are not session state: no finding at all', () => {
    const outcome = run('src/carts.ts', input('own-handles-and-transport-records-unmarked'));
    expect(outcome.status).toBe('unchanged');
    expect(outcome.findings).toEqual([]);
  });

  it('the same store in a JSX view, a React module, a client, or a file that never mentions MCP outside an MCP package is left alone', () => {
    const source = input('gateway-stores-keyed-by-session-param');
    expect(run('src/views/registry.tsx', source).status).toBe('unchanged');
    const client = `import { Client } from '@modelcontextprotocol/sdk/client/index.js';\n${source}`;
    expect(run('src/registry.ts', client).findings.filter((f) => /keeps state per MCP session/.test(f.message))).toEqual([]);
    const hook = `import { useSyncExternalStore } from 'react';\n${source}`;
    expect(run('src/registry.ts', hook).status).toBe('unchanged');
    const noMcp = source.replace(/MCP /g, '');
    expect(run(inPackage({ name: 'chat-web', dependencies: { express: '^5.0.0', 'express-session': '^1.18.0' } }, noMcp), noMcp).status).toBe('unchanged');
  });

  it('a file that never says MCP is still marked when its package depends on an MCP SDK (a gateway\'s registry module), except a class\'s own fields', () => {
    const noMcp = input('gateway-stores-keyed-by-session-param').replace(/MCP /g, '');
    const sdkDependent = run(inPackage({ name: 'relay-hub', dependencies: { '@modelcontextprotocol/sdk': '^1.20.0' } }, noMcp), noMcp);
    expect(sdkDependent.status).toBe('changed');
    // Its module-level stores; a class's own fields (a store implementation) need the file to say MCP.
    const stores = sdkDependent.findings.filter((f) => /keeps state per MCP session/.test(f.message)).map((f) => f.message.match(/^`([^`]+)`/)?.[1]);
    expect(stores.length).toBeGreaterThan(0);
    expect(stores.every((name) => !name!.startsWith('this.'))).toBe(true);
    expect(run('src/gateway/registry.ts', input('gateway-stores-keyed-by-session-param')).findings.some((f) => /^`this\./.test(f.message))).toBe(true);
    // The nearest package.json decides: a web package nested in an MCP monorepo is not MCP.
    const nested = inPackage({ name: 'relay-hub', dependencies: { '@modelcontextprotocol/server': '^2.0.0' } }, noMcp,
      { name: 'relay-admin', dependencies: { 'iron-session': '^8.0.0' } });
    expect(run(nested, noMcp).status).toBe('unchanged');
  });

  it('a second run over the marked file adds nothing and still reports every store', () => {
    const first = run('src/gateway/registry.ts', input('gateway-stores-keyed-by-session-param'));
    const second = run('src/gateway/registry.ts', first.output!);
    expect(second.status).toBe('unchanged');
    expect(second.findings).toHaveLength(4);
  });

  it('a framework tool keyed by its context\'s session id (directly or through a local) is admitted and marked per store', () => {
    const source = input('framework-context-session-counter');
    expect(createPrefilter(TRANSFORMS).matching(Buffer.from(source)).map((t) => t.meta.id)).toContain('session-state');
    const messages = run('src/tools/visits.ts', source).findings.map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^`visits` keeps state per MCP session \(keyed by `context\.sessionId`\)/);
    expect(messages[1]).toMatch(/^`greeted` keeps state per MCP session \(keyed by `sessionId`, from `context\.sessionId`\)/);
  });

  it('beside a transport map the transport rule marks, a token store keyed by the session is its own site: one marker each', () => {
    const source = [
      "import express from 'express';",
      "import { randomUUID } from 'node:crypto';",
      "import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';",
      "import { buildServer } from './server.js';",
      '',
      'const transports = new Map<string, StreamableHTTPServerTransport>();',
      'const upstreamTokens = new Map<string, string>();',
      'const app = express();',
      "app.post('/mcp', async (req, res) => {",
      "  const sessionId = req.headers['mcp-session-id'] as string | undefined;",
      '  const token = String(req.headers.authorization ?? \'\');',
      '  let transport = sessionId ? transports.get(sessionId) : undefined;',
      '  if (sessionId && transport) upstreamTokens.set(sessionId, token);',
      '  if (!transport) {',
      '    transport = new StreamableHTTPServerTransport({',
      '      sessionIdGenerator: () => randomUUID(),',
      '      onsessioninitialized: (id) => { transports.set(id, transport!); },',
      '    });',
      '    await buildServer().connect(transport);',
      '  }',
      '  await transport.handleRequest(req, res, req.body);',
      '});',
      '',
    ].join('\n');
    const outcome = runTransforms('src/http.ts', source, TRANSFORMS);
    const markers = outcome.output!.split('\n').filter((l) => l.includes('mcp-migrate('));
    expect(markers, markers.join('\n')).toHaveLength(2);
    expect(markers.filter((l) => l.includes('mcp-migrate(stateless-transport)'))).toHaveLength(1);
    expect(markers.find((l) => l.includes('mcp-migrate(session-state)'))).toMatch(/`upstreamTokens` keeps state per MCP session/);
  });

  it('a tool that only hands the session id to a sibling module keeping a store keyed by it gets an info naming that module, not a marker', () => {
    const c = cases.get('tool-hands-session-to-store-module')!;
    const outcome = run(c.displayPath, readText(c.inputPath));
    const handed = outcome.findings.filter((f) => /^hands the session id to/.test(f.message));
    expect(handed.map((f) => [f.severity, f.line])).toEqual([['info', 15]]);
    expect(handed[0].message).toContain('rememberBookmark() from ./tool-hands-session-to-store-module.store.ts');
    // The same tool with the store module missing: nothing says the flow is marked elsewhere.
    const alone = run('src/tools/bookmarks.ts', readText(c.inputPath));
    expect(alone.findings.filter((f) => /^hands the session id to/.test(f.message))).toEqual([]);
    expect(alone.findings.filter((f) => f.severity === 'warning').map((f) => f.line)).toContain(15);
  });
});
