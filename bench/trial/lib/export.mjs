/**
 * One corpus row → a scratch git repository holding the repo's tree at its commit, with one
 * commit so `migrate --write` (which refuses dirty trees) runs as it would for a user.
 * Nothing fetched is ever written outside the work directory.
 */
import { existsSync, mkdirSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  const tar = run('bash', ['-c', `git --git-dir "$GD" archive --format=tar "$C" | tar -x -C "$DEST"`], {
    env: { GD: gitDir, C: commit, DEST: dest },
  });
  if (tar.code !== 0) return { ok: false, why: `${repo}: export failed: ${firstLine(tar.stderr)}` };
  const init = commitAll(dest, `trial: ${repo}@${commit}`, true);
  if (!init.ok) return init;
  return { ok: true, files: readdirSync(dest).length };
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
