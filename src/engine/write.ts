/**
 * Writing changes safely: refuse a dirty git tree (for the files touched) unless allowed;
 * refuse outside version control unless allowed; re-check every target against the bytes
 * that were read and write none if any changed; then atomic temp-file + rename per file,
 * keeping the mode. Leftover temp files of a killed run are removed by the next one.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hashBytes } from './read.ts';

export interface PendingWrite {
  abs: string;
  rel: string;
  after: string;
  /** sha1 of the bytes read before transforming. */
  readHash: string;
}

export interface WritePolicy {
  cwd: string;
  allowDirty: boolean;
  allowNoVcs: boolean;
}

export const TEMP_MARK = '.mcp-migrate-tmp-';

function gitTopLevel(dir: string): string | undefined {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Problems that forbid writing; empty when the writes may go ahead. */
export function checkWritable(writes: PendingWrite[], policy: WritePolicy): string[] {
  if (writes.length === 0) return [];
  const byRepo = new Map<string, PendingWrite[]>();
  const outside: PendingWrite[] = [];
  // One `git rev-parse` per directory, not per file (hundreds of spawns on a big write).
  const tops = new Map<string, string | undefined>();
  for (const w of writes) {
    const dir = dirname(w.abs);
    if (!tops.has(dir)) tops.set(dir, gitTopLevel(dir));
    const top = tops.get(dir);
    if (!top) outside.push(w);
    else byRepo.set(top, [...(byRepo.get(top) ?? []), w]);
  }
  const problems: string[] = [];
  if (outside.length && !policy.allowNoVcs) {
    problems.push(
      `refusing to write outside a git work tree (${outside.length} file(s), e.g. ${outside[0].rel}): nothing could undo it; pass --allow-no-vcs to write anyway`,
    );
  }
  if (!policy.allowDirty) {
    for (const [top, ws] of byRepo) {
      // Literal pathspecs: `app/[id].ts` must not match `app/i.ts` as a glob would.
      const r = spawnSync('git', ['--literal-pathspecs', '-C', top, 'status', '--porcelain', '-z', '--untracked-files=all', '--', ...ws.map((w) => w.abs)], {
        encoding: 'utf8',
      });
      if (r.status !== 0) {
        problems.push(`git status failed in ${top}: ${r.stderr.split('\n')[0]}`);
        continue;
      }
      const dirty = r.stdout.split('\0').filter(Boolean).map((e) => e.slice(3));
      if (dirty.length) {
        problems.push(
          `refusing to write: ${dirty.length} file(s) to be rewritten have uncommitted changes (${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}); commit or stash them, or pass --allow-dirty`,
        );
      }
    }
  }
  return problems;
}

/** Files that changed on disk since they were read. */
export function staleFiles(writes: PendingWrite[]): string[] {
  return writes
    .filter((w) => {
      try {
        // A file swapped for a symlink (or anything else) would be replaced, not rewritten.
        if (!lstatSync(w.abs).isFile()) return true;
        return hashBytes(readFileSync(w.abs)) !== w.readHash;
      } catch {
        return true;
      }
    })
    .map((w) => w.rel);
}

/** The file's name, cut (by code point) so the temp name stays under the 255-byte name limit. */
function shortBase(abs: string): string {
  const chars = [...basename(abs)];
  while (Buffer.byteLength(chars.join('')) > 160) chars.pop();
  return chars.join('');
}

export function atomicWrite(abs: string, content: string): void {
  const mode = statSync(abs).mode & 0o7777;
  // The rename would succeed on a read-only file; honour the user's (or their VCS's) lock.
  if ((mode & 0o222) === 0) throw Object.assign(new Error(`${abs}: read-only file`), { code: 'read-only file' });
  const tmp = join(dirname(abs), `${TEMP_MARK}${shortBase(abs)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(tmp, content, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, abs);
  } catch (err) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw err;
  }
}

/** Removes temp files a killed earlier run left next to the files about to be written. */
export function removeStaleTemps(dirs: Iterable<string>): void {
  for (const dir of new Set(dirs)) {
    let names: string[];
    try { names = readdirSync(dir); } catch { continue; }
    for (const n of names) if (n.startsWith(TEMP_MARK)) {
      try { unlinkSync(join(dir, n)); } catch { /* not ours to fight over */ }
    }
  }
}
