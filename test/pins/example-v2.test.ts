/**
 * pins issue, "Done when" 2, on the bundled example: migrate its sources to v2 (official
 * renames + our rules), bump every pin to the v2 packages, and let npm resolve the result
 * against the registry. MCP_MIGRATE_OFFLINE=1 skips the registry step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE, cleanup, runCli, tempCopy, git } from '../helpers/cli.ts';

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

describe('example monorepo → v2', () => {
  it('migrate --sdk v2 --write, pins --to v2 --write, then npm resolves the lockfile', () => {
    const dir = tempCopy(EXAMPLE, { git: true });
    dirs.push(dir);
    const m = runCli(['migrate', '--sdk', 'v2', '--write', '.'], { cwd: dir });
    expect(m.code, m.stderr).toBe(0);
    git(dir, ['commit', '-qam', 'migrated sources']);
    const p = runCli(['pins', '--to', 'v2', '--write', '.'], { cwd: dir });
    expect(p.code, p.stderr).toBe(0);
    const server = JSON.parse(readFileSync(join(dir, 'packages/http-server/package.json'), 'utf8'));
    expect(Object.keys(server.dependencies)).toEqual(expect.arrayContaining(['@modelcontextprotocol/server', '@modelcontextprotocol/node']));
    expect(server.dependencies['@modelcontextprotocol/sdk']).toBeUndefined();
    // A second pins run proposes nothing more.
    expect(runCli(['pins', '--to', 'v2', '--check', '.'], { cwd: dir }).code).toBe(0);
    if (process.env.MCP_MIGRATE_OFFLINE === '1') return;
    const npm = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(npm.status, npm.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@modelcontextprotocol/server']?.version).toMatch(/^2\./);
  }, 240_000);
});
