/**
 * One corpus row → a scratch git repository holding the repo's tree at its commit, with one
 * commit so `migrate --write` (which refuses dirty trees) runs as it would for a user.
 * Nothing fetched is ever written outside the work directory.
 */
import { existsSync, mkdirSync, rmSync, readdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { git, run } from './sh.mjs';

/** The bare git directory `fetch` left for owner/name under the mirror, or undefined. */
export function findGitDir(mirror, repo) {
  const base = join(mirror, repo.replace('/', '+'));
  for (const candidate of [join(base, 'repo'), base, `${base}.git`]) {
    if (existsSync(join(candidate, 'HEAD')) && existsSync(join(candidate, 'objects'))) return candidate;
  }
  return undefined;
}

export function exportRepo({ mirror, repo, commit, dest }) {
  const gitDir = findGitDir(mirror, repo);
  if (!gitDir) return { ok: false, why: `no snapshot of ${repo} under ${mirror}` };
  const has = git(undefined, ['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`]);
  if (has.code !== 0) return { ok: false, why: `${repo}: commit ${commit.slice(0, 12)} is not in the snapshot` };
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const tar = run('bash', ['-c', `set -o pipefail; git --git-dir "$GD" archive --format=tar "$C" | tar -x -C "$DEST"`], {
    env: { GD: gitDir, C: commit, DEST: dest },
  });
  let absent = 0;
  if (tar.code !== 0) {
    // Snapshots may list their largest files without holding them: export blob by blob.
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dest, { recursive: true });
    const blobs = exportBlobs(gitDir, commit, dest);
    if (!blobs.ok) return { ok: false, why: `${repo}: export failed: ${blobs.why}` };
    absent = blobs.absent;
  }
  const init = commitAll(dest, `trial: ${repo}@${commit}`, true);
  if (!init.ok) return init;
  return { ok: true, files: readdirSync(dest).length, absent };
}

/** Every blob of the commit that the snapshot holds, written with its mode; returns how many it lacked. */
function exportBlobs(gitDir, commit, dest) {
  const tree = run('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { timeoutMs: 120_000 });
  if (tree.code !== 0) return { ok: false, why: firstLine(tree.stderr) };
  const entries = tree.stdout.split('\0').filter(Boolean).map((e) => {
    const [meta, path] = e.split('\t');
    const [mode, type, oid] = meta.split(' ');
    return { mode, type, oid, path };
  }).filter((e) => e.type === 'blob');
  const batch = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], {
    input: entries.map((e) => e.oid).join('\n') + '\n', maxBuffer: 2 * 1024 * 1024 * 1024,
  });
  if (batch.status !== 0) return { ok: false, why: firstLine(String(batch.stderr)) };
  const out = batch.stdout;
  let pos = 0;
  let absent = 0;
  for (const e of entries) {
    const nl = out.indexOf(10, pos);
    const header = out.subarray(pos, nl).toString();
    pos = nl + 1;
    if (header.endsWith(' missing')) { absent++; continue; }
    const size = Number(header.split(' ')[2]);
    const bytes = out.subarray(pos, pos + size);
    pos += size + 1;
    const target = join(dest, e.path);
    mkdirSync(dirname(target), { recursive: true });
    if (e.mode === '120000') symlinkSync(bytes.toString(), target);
    else writeFileSync(target, bytes, { mode: e.mode === '100755' ? 0o755 : 0o644 });
  }
  return { ok: true, absent };
}

/** Commits the whole tree (node_modules excluded), initializing the repo when asked. */
export function commitAll(dir, message, init = false) {
  if (init) {
    const r = git(dir, ['init', '-q', '-b', 'main']);
    if (r.code !== 0) return { ok: false, why: `git init: ${firstLine(r.stderr)}` };
    writeFileSync(join(dir, '.git', 'info', 'exclude'), 'node_modules/\n');
  }
  git(dir, ['add', '-A', '-f', '--', '.', ':!node_modules', ':!**/node_modules/**']);
  const c = git(dir, ['-c', 'user.name=trial', '-c', 'user.email=trial@localhost', 'commit', '-q', '--no-verify', '--allow-empty', '-m', message]);
  if (c.code !== 0) return { ok: false, why: `git commit: ${firstLine(c.stderr)}` };
  return { ok: true };
}

export function firstLine(text) {
  return (text || '').trim().split('\n')[0]?.slice(0, 200) ?? '';
}
