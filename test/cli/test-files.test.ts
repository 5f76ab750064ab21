/**
 * The repo's own tests, mocks and fixtures are not ours: by default they are neither edited
 * nor marked, and each one that holds sites costs one info finding; --include-tests opts in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, runCli, tempDir, gitInit } from '../helpers/cli.ts';
import { FIXTURE_ROOT } from '../helpers/fixtures.ts';
import { isTestFile } from '../../src/engine/test-files.ts';

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

const server = readFileSync(join(FIXTURE_ROOT, 'stateless-transport', 'express-object-map.input.ts'), 'utf8');
const client = readFileSync(join(FIXTURE_ROOT, 'session-state', 'refuse-gateway-routing.input.ts'), 'utf8');

/** The same rewritable server in product code and in four test-shaped places. */
function tree(): string {
  const dir = tempDir();
  const files: Record<string, string> = {
    'src/server.ts': server,
    'src/server.test.ts': server,
    'test/helpers/client.ts': client,
    'src/__mocks__/server.ts': server,
    'src/harness.ts': `import { describe, it } from 'vitest';\n${server}`,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  gitInit(dir);
  dirs.push(dir);
  return dir;
}

const findingsOf = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).filter((r) => r.type === 'finding');

describe('test, mock and fixture files', () => {
  it('are left byte-identical and unmarked by default, with one info finding each', () => {
    const dir = tree();
    const r = runCli(['migrate', '--write', '--json', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'src/server.ts'), 'utf8')).not.toBe(server);
    for (const rel of ['src/server.test.ts', 'src/__mocks__/server.ts']) {
      expect(readFileSync(join(dir, rel), 'utf8'), rel).toBe(server);
    }
    expect(readFileSync(join(dir, 'src/harness.ts'), 'utf8')).toBe(`import { describe, it } from 'vitest';\n${server}`);
    expect(readFileSync(join(dir, 'test/helpers/client.ts'), 'utf8')).toBe(client);
    const perFile = new Map<string, any[]>();
    for (const f of findingsOf(r.stdout)) perFile.set(f.file, [...(perFile.get(f.file) ?? []), f]);
    for (const rel of ['src/server.test.ts', 'src/__mocks__/server.ts', 'src/harness.ts', 'test/helpers/client.ts']) {
      const fs = perFile.get(rel) ?? [];
      expect(fs, rel).toHaveLength(1);
      expect(fs[0]).toMatchObject({ severity: 'info', category: 'test-file-sites', resolution: 'manual' });
      expect(fs[0].message).toMatch(/--include-tests/);
    }
  });

  it('are migrated like any file with --include-tests', () => {
    const dir = tree();
    const r = runCli(['migrate', '--write', '--include-tests', '--json', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const migrated = readFileSync(join(dir, 'src/server.ts'), 'utf8');
    expect(readFileSync(join(dir, 'src/server.test.ts'), 'utf8')).toBe(migrated);
    expect(findingsOf(r.stdout).some((f) => f.category === 'test-file-sites')).toBe(false);
  });

  it('audit lists their sites as info', () => {
    const dir = tree();
    const r = runCli(['audit', '--format', 'json', '.'], { cwd: dir });
    const doc = JSON.parse(r.stdout);
    const tests = doc.findings.filter((f: any) => f.category === 'test-file-sites');
    expect(tests.map((f: any) => f.file).sort()).toEqual(['src/__mocks__/server.ts', 'src/harness.ts', 'src/server.test.ts', 'test/helpers/client.ts']);
    expect(tests.every((f: any) => f.severity === 'info')).toBe(true);
  });

  it('are told apart by path conventions and test-runner imports', () => {
    for (const rel of ['a.spec.ts', 'src/x.test.mjs', 'e2e/run.ts', 'tests/a.ts', 'src/fixtures/a.ts', 'packages/p/__tests__/a.tsx', 'mocks/mcp.js', 'test-servers/src/http.ts', 'src/test-server-http.ts', 'src/mock_client.ts', 'conformance/support/oauth-client.ts', 'remote/index.integration-with-mock.ts', 'src/server.with-stubs.ts']) {
      expect(isTestFile(rel, ''), rel).toBe(true);
    }
    expect(isTestFile('src/util.ts', "import test from 'node:test';")).toBe(true);
    expect(isTestFile('src/util.ts', "import { expect } from '@jest/globals';")).toBe(true);
    for (const rel of ['src/latest.ts', 'src/contest.ts', 'src/attestation/x.ts', 'src/latest-server.ts', 'src/contest-entry.ts', 'src/conformance.ts', 'src/unmock.ts', 'src/stubborn-retry.ts', 'src/mockingbird.ts']) {
      expect(isTestFile(rel, "import express from 'express';"), rel).toBe(false);
    }
  });
});
