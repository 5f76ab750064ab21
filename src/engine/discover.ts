/**
 * Which files a run considers. Inside a git work tree the list comes from
 * `git ls-files -co --exclude-standard` (git's own .gitignore semantics, nested and global,
 * and no stat per file); elsewhere a walk honoring nested .gitignore files with `ignore`.
 * node_modules and .git are never entered; symlinks are never followed (reported instead).
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { SOURCE_EXTENSIONS } from '../../transforms/lib/parser.ts';

export interface Candidate {
  /** Absolute path. */
  abs: string;
  /** Path shown to the user: relative to the working directory, POSIX separators. */
  rel: string;
  /** The path argument this file was found under (symlinks may not leave it). */
  root: string;
}

export interface Skip {
  rel: string;
  reason: string;
}

export interface DiscoverOptions {
  cwd: string;
  ignore: string[];
  gitignore: boolean;
  /** 1-based shard index and count. */
  shard?: { index: number; count: number };
}

export interface Discovery {
  files: Candidate[];
  skipped: Skip[];
  /** One-line errors for path arguments that cannot be used. */
  errors: string[];
}

const EXTENSIONS = new Set(SOURCE_EXTENSIONS);

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function displayPath(cwd: string, abs: string): string {
  const rel = toPosix(relative(cwd, abs));
  return rel === '' ? '.' : rel;
}

function isSourceFile(name: string): boolean {
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts')) return false;
  const dot = name.lastIndexOf('.');
  return dot > 0 && EXTENSIONS.has(name.slice(dot).toLowerCase());
}

function hasExcludedSegment(relPosix: string): boolean {
  return /(^|\/)(node_modules|\.git)(\/|$)/.test(relPosix);
}

/**
 * `--ignore` globs: relative ones match below each root and below the cwd (`rel` is the
 * cwd-relative path); absolute ones as is.
 */
function ignoreMatcher(patterns: string[]) {
  if (patterns.length === 0) return () => false;
  const matchers = patterns.map((p) => {
    if (isAbsolute(p)) return { abs: true, m: picomatch([toPosix(p), `${toPosix(p)}/**`], { dot: true }) };
    const glob = p.replace(/^\.\//, '').replace(/\/$/, '');
    const globs = glob.includes('/') ? [glob, `${glob}/**`] : [`**/${glob}`, `**/${glob}/**`];
    return { abs: false, m: picomatch(globs, { dot: true }) };
  });
  return (file: Candidate, rootRel: string) =>
    matchers.some(({ abs: isAbs, m }) => (isAbs ? m(toPosix(file.abs)) : m(rootRel) || m(file.rel)));
}

/**
 * A file listed under a root. The absolute path is derived on use rather than stored: a
 * 100k-file run holds every candidate for its whole length, and the second string per
 * file was a third of discovery's memory.
 */
class ListedFile implements Candidate {
  constructor(readonly root: string, private readonly rootRel: string, readonly rel: string) {}
  get abs(): string {
    return join(this.root, this.rootRel);
  }
}

/** FNV-1a of the path: stable across machines and runs, so CI shards agree. */
export function shardOf(relPosix: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < relPosix.length; i++) {
    h ^= relPosix.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % count) + 1;
}

function gitList(dir: string, gitignore: boolean): string[] | undefined {
  const args = ['-C', dir, 'ls-files', '-z', '--cached', '--others'];
  if (gitignore) args.push('--exclude-standard');
  const r = spawnSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 || r.error) return undefined;
  // A tracked file deleted from the work tree is still listed (read.ts skips it); the
  // caller dedupes (an unmerged path is listed once per stage).
  return r.stdout.split('\0');
}

function walk(dir: string, gitignore: boolean, onFile: (abs: string, rootRel: string) => void, onSkip: (s: Skip) => void, cwd: string) {
  const stack: Array<{ dir: string; rules: Array<{ base: string; ig: Ignore }> }> = [{ dir, rules: [] }];
  while (stack.length) {
    const { dir: current, rules } = stack.pop()!;
    let own = rules;
    const gi = join(current, '.gitignore');
    if (gitignore && existsSync(gi)) {
      try {
        own = [...rules, { base: current, ig: ignore().add(readFileSync(gi, 'utf8')) }];
      } catch {
        onSkip({ rel: displayPath(cwd, gi), reason: 'unreadable .gitignore (its rules not applied)' });
      }
    }
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (err) {
      onSkip({ rel: displayPath(cwd, current), reason: `unreadable directory (${(err as NodeJS.ErrnoException).code})` });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const abs = join(current, e.name);
      const isDir = e.isDirectory();
      if (own.some(({ base, ig }) => ig.ignores(toPosix(relative(base, abs)) + (isDir ? '/' : '')))) continue;
      if (isDir) stack.push({ dir: abs, rules: own });
      else if (e.isSymbolicLink() || e.isFile()) onFile(abs, toPosix(relative(dir, abs)));
    }
  }
}

export function discover(paths: string[], options: DiscoverOptions): Discovery {
  const { cwd } = options;
  // Keyed by the cwd-relative path, which names one file as surely as the absolute one.
  const files = new Map<string, Candidate>();
  const skipped: Skip[] = [];
  const errors: string[] = [];
  const ignored = ignoreMatcher(options.ignore);

  const consider = (root: string, rootRel: string, rel: string, explicit: boolean) => {
    if (hasExcludedSegment(rootRel)) return;
    if (!isSourceFile(rootRel)) {
      if (explicit) skipped.push({ rel, reason: 'not a JS/TS source file' });
      return;
    }
    if (files.has(rel)) return;
    const file = new ListedFile(root, rootRel, rel);
    if (ignored(file, rootRel)) return;
    if (options.shard && shardOf(rel, options.shard.count) !== options.shard.index) return;
    files.set(rel, file);
  };
  /**
   * The display path of `rootRel` under `root`: the root's own display path joined with it
   * when the root is the cwd or below it (no path.relative per file: 100k calls were most
   * of discovery's time); path.relative otherwise (a root above the cwd folds through it).
   */
  const displayUnder = (root: string) => {
    const prefix = displayPath(cwd, root);
    if (prefix === '.') return (rootRel: string) => rootRel;
    if (prefix !== '..' && !prefix.startsWith('../')) return (rootRel: string) => `${prefix}/${rootRel}`;
    return (rootRel: string) => displayPath(cwd, join(root, rootRel));
  };

  for (const p of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = lstatSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      errors.push(code === 'ENOENT' ? `${p}: no such file or directory` : `${p}: cannot read (${code})`);
      continue;
    }
    if (st.isFile() || st.isSymbolicLink()) {
      const parent = resolve(abs, '..');
      consider(parent, toPosix(relative(parent, abs)), displayPath(cwd, abs), true);
      continue;
    }
    if (!st.isDirectory()) {
      errors.push(`${p}: not a regular file or directory`);
      continue;
    }
    const listed = gitList(abs, options.gitignore);
    const display = displayUnder(abs);
    if (listed) {
      for (const r of listed) if (r) consider(abs, r, display(r), false);
    } else {
      walk(abs, options.gitignore, (_f, rootRel) => consider(abs, rootRel, display(rootRel), false), (s) => skipped.push(s), cwd);
    }
  }
  const sorted = [...files.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files: sorted, skipped, errors };
}
