import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'bin', 'mcp-migrate.js');
export const EXAMPLE = join(REPO, 'examples', 'legacy-monorepo');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: SpawnSyncOptions & { cwd: string }): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    timeout: 120_000,
    ...options,
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function tempDir(prefix = 'mcp-migrate-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of `src` in a fresh temp dir; `git: true` makes it a committed git repo. */
export function tempCopy(src: string, opts: { git?: boolean } = {}): string {
  const dir = tempDir();
  cpSync(src, dir, { recursive: true, filter: (p) => !p.includes('node_modules') });
  if (opts.git) gitInit(dir);
  return dir;
}

export function git(dir: string, args: string[]) {
  const r = spawnSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export function gitInit(dir: string): void {
  git(dir, ['init', '-q']);
  git(dir, ['config', 'core.autocrlf', 'false']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-qm', 'fixture']);
}

export function cleanup(...dirs: string[]) {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

export const NOBODY = 65534;

/**
 * Spawn options that run the CLI as `nobody` when the tests run as root (root ignores file
 * permissions, so a permission test would not bite). `nobody` must be able to reach the
 * built CLI and node_modules: a clone under a private temp dir (mktemp -d is 0700) is not
 * traversable, so the missing search (x) bit is added to such ancestors (and removed again
 * when the test worker exits, best effort). Nothing is made readable that was not.
 */
export function asNobody(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const changed: Array<[string, number]> = [];
  for (let dir = REPO; ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      changed.push([dir, mode]);
    }
    if (dirname(dir) === dir) break;
  }
  if (changed.length) {
    process.once('exit', () => {
      for (const [dir, mode] of changed) chmodSync(dir, mode);
    });
  }
  return { uid: NOBODY, gid: NOBODY };
}
