/**
 * Manifest discovery from a root: workspace roots (the root's, and nested ones: any directory
 * with a pnpm-workspace.yaml or a package.json declaring `workspaces`, each resolved against
 * its own lockfile and package manager), their members (npm/yarn/bun `workspaces` as an array
 * or `{ packages }`, pnpm-workspace.yaml `packages`), every other package.json outside
 * node_modules ("stray"), Python and Go manifests, lockfiles, and the source files each
 * manifest owns. One bounded walk; node_modules and .git are never entered, symlinks never
 * followed, the root .gitignore honored.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';
import { parseDocument, type Document } from 'yaml';
import type { PackageManager } from './types.ts';

export interface Manifest {
  /** Root-relative POSIX path of the package.json. */
  rel: string;
  /** Root-relative directory ('' for the root). */
  dir: string;
  abs: string;
  text: string;
  json: Record<string, any>;
  name?: string;
  role: 'root' | 'member' | 'stray';
  /** Directory of the workspace root it belongs to (root and member); undefined for a stray. */
  wsRoot?: string;
}

export interface PnpmWorkspaceFile {
  rel: string;
  abs: string;
  text: string;
  doc: Document.Parsed;
}

/** A workspace root: the repository's, or one nested below it with its own lockfile. */
export interface WorkspaceRoot {
  /** Root-relative directory ('' for the repository root). */
  dir: string;
  manager: PackageManager;
  pnpmWorkspace?: PnpmWorkspaceFile;
  /** Member globs, relative to `dir`. */
  globs: string[];
}

export interface Discovery {
  root: string;
  /** The repository root's package manager (nested roots carry their own). */
  manager: PackageManager;
  manifests: Manifest[];
  /** Workspace roots, the repository root first, then nested ones by path. */
  workspaceRoots: WorkspaceRoot[];
  /** Root-relative paths of pyproject.toml, requirements*.txt, go.mod, lockfiles. */
  otherFiles: string[];
  /** Root-relative source files (JS/TS), for import scans. */
  sources: string[];
  /** Root-relative directories holding a package.json. */
  packageDirs: Set<string>;
  /** Manifests that could not be read or parsed: root-relative path and reason. */
  problems: { rel: string; message: string }[];
  /** member rel dir → rel dirs of members it depends on (by package name). */
  graph: Map<string, string[]>;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);
const SOURCE_RE = /\.(?:[cm]?[jt]sx?)$/;
const OTHER_RE = /^(?:pnpm-workspace\.yaml|pyproject\.toml|requirements[\w.-]*\.txt|go\.mod|package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|uv\.lock|poetry\.lock|bun\.lockb?|\.yarnrc\.yml)$/;
/** Upper bound on directory entries visited, so a pathological tree cannot hang the run. */
const MAX_ENTRIES = 500_000;

function walk(root: string) {
  const ig = ignore();
  const gi = join(root, '.gitignore');
  if (existsSync(gi)) ig.add(readFileSync(gi, 'utf8'));
  const packageJsons: string[] = [];
  const otherFiles: string[] = [];
  const sources: string[] = [];
  let seen = 0;
  const stack = [''];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) return { packageJsons, otherFiles, sources, truncated: true };
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || ig.ignores(`${rel}/`)) continue;
        stack.push(rel);
      } else if (e.isFile()) {
        if (ig.ignores(rel)) continue;
        if (e.name === 'package.json') packageJsons.push(rel);
        else if (OTHER_RE.test(e.name)) otherFiles.push(rel);
        else if (SOURCE_RE.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) sources.push(rel);
      }
    }
  }
  return { packageJsons, otherFiles, sources, truncated: false };
}

export function dirOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i === -1 ? '' : rel.slice(0, i);
}

function npmWorkspaceGlobs(json: Record<string, any>): string[] {
  const ws = json.workspaces;
  const list = Array.isArray(ws) ? ws : ws && typeof ws === 'object' && Array.isArray(ws.packages) ? ws.packages : [];
  return list.filter((g: unknown): g is string => typeof g === 'string');
}

function normalizeGlob(g: string): string {
  return g.replace(/^\.\//, '').replace(/\/+$/, '');
}

function detectManager(root: string, dir: string, rootJson: Record<string, any> | undefined, files: string[]): PackageManager {
  const pm = typeof rootJson?.packageManager === 'string' ? rootJson.packageManager : '';
  const at = (f: string) => files.includes(dir ? `${dir}/${f}` : f);
  root = join(root, dir);
  if (pm.startsWith('pnpm@')) return 'pnpm';
  if (pm.startsWith('yarn@')) return /^yarn@1\./.test(pm) ? 'yarn' : 'yarn-berry';
  if (pm.startsWith('bun@')) return 'bun';
  if (pm.startsWith('npm@')) return 'npm';
  if (at('pnpm-lock.yaml') || existsSync(join(root, 'pnpm-workspace.yaml'))) return 'pnpm';
  if (at('yarn.lock')) {
    const head = readFileSync(join(root, 'yarn.lock'), 'utf8').slice(0, 2000);
    return /^__metadata:/m.test(head) || at('.yarnrc.yml') ? 'yarn-berry' : 'yarn';
  }
  if (at('bun.lock') || at('bun.lockb')) return 'bun';
  return 'npm';
}

export function discover(root: string): Discovery {
  const w = walk(root);
  const problems: Discovery['problems'] = [];
  if (w.truncated) problems.push({ rel: '.', message: `stopped after ${MAX_ENTRIES} directory entries; later manifests are not reported` });

  const parsed = new Map<string, { text: string; json: Record<string, any> }>();
  for (const rel of w.packageJsons.sort()) {
    const abs = join(root, rel);
    try {
      const text = readFileSync(abs, 'utf8');
      const json = JSON.parse(text.replace(/^\uFEFF/, ''));
      if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not a JSON object');
      parsed.set(rel, { text, json });
    } catch (err) {
      problems.push({ rel, message: `cannot read manifest: ${(err as Error).message}` });
    }
  }

  // Workspace roots: the repository root, and every directory below it with its own
  // pnpm-workspace.yaml or a package.json that declares workspaces.
  const rootDirs = new Set<string>(['']);
  for (const rel of w.otherFiles) if (rel === 'pnpm-workspace.yaml' || rel.endsWith('/pnpm-workspace.yaml')) rootDirs.add(dirOf(rel));
  for (const [rel, { json }] of parsed) if (npmWorkspaceGlobs(json).length) rootDirs.add(dirOf(rel));
  const workspaceRoots: WorkspaceRoot[] = [];
  const matchers: { dir: string; isMember: (relToRoot: string) => boolean }[] = [];
  for (const dir of [...rootDirs].sort()) {
    const manifestRel = dir ? `${dir}/package.json` : 'package.json';
    const json = parsed.get(manifestRel)?.json;
    const globs = json ? npmWorkspaceGlobs(json).map(normalizeGlob) : [];
    let pnpmWorkspace: PnpmWorkspaceFile | undefined;
    const pwRel = dir ? `${dir}/pnpm-workspace.yaml` : 'pnpm-workspace.yaml';
    const pwAbs = join(root, pwRel);
    if (existsSync(pwAbs)) {
      const text = readFileSync(pwAbs, 'utf8');
      const doc = parseDocument(text, { keepSourceTokens: true });
      if (doc.errors.length) {
        problems.push({ rel: pwRel, message: `cannot parse: ${doc.errors[0].message.split('\n')[0]}` });
      } else {
        pnpmWorkspace = { rel: pwRel, abs: pwAbs, text, doc };
        const pkgs = doc.toJS()?.packages;
        if (Array.isArray(pkgs)) globs.push(...pkgs.filter((g): g is string => typeof g === 'string').map(normalizeGlob));
      }
    }
    workspaceRoots.push({ dir, manager: detectManager(root, dir, json, w.otherFiles), pnpmWorkspace, globs });
    const positive = globs.filter((g) => !g.startsWith('!'));
    const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
    if (!positive.length) continue;
    const yes = picomatch(positive, { dot: false });
    const no = negative.length ? picomatch(negative) : () => false;
    matchers.push({ dir, isMember: (rel: string) => rel !== '' && yes(rel) && !no(rel) });
  }
  // The nearest enclosing root that lists a directory owns it (pnpm looks upwards, nearest first).
  matchers.sort((a, b) => b.dir.length - a.dir.length);
  const ownerOf = (dir: string): string | undefined => {
    for (const m of matchers) {
      if (m.dir !== '' && dir !== m.dir && !dir.startsWith(`${m.dir}/`)) continue;
      if (m.isMember(m.dir ? dir.slice(m.dir.length + 1) : dir)) return m.dir;
    }
    return undefined;
  };

  const manifests: Manifest[] = [];
  for (const [rel, { text, json }] of parsed) {
    const dir = dirOf(rel);
    const member = rootDirs.has(dir) ? undefined : ownerOf(dir);
    manifests.push({
      rel,
      dir,
      abs: join(root, rel),
      text,
      json,
      name: typeof json.name === 'string' ? json.name : undefined,
      role: rootDirs.has(dir) ? 'root' : member !== undefined ? 'member' : 'stray',
      wsRoot: rootDirs.has(dir) ? dir : member,
    });
  }
  manifests.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));

  // Workspace graph: member → members it depends on, by package name, any dependency section.
  const byName = new Map(manifests.filter((m) => m.role !== 'stray' && m.name).map((m) => [m.name!, m.dir]));
  const graph = new Map<string, string[]>();
  for (const m of manifests) {
    if (m.role === 'stray') continue;
    const deps = new Set<string>();
    for (const s of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const sec = m.json[s];
      if (sec && typeof sec === 'object') for (const k of Object.keys(sec)) if (byName.has(k) && byName.get(k) !== m.dir) deps.add(byName.get(k)!);
    }
    graph.set(m.dir, [...deps].sort());
  }

  return {
    root,
    manager: workspaceRoots[0].manager,
    manifests,
    workspaceRoots,
    otherFiles: w.otherFiles.sort(),
    sources: w.sources.sort(),
    packageDirs: new Set(manifests.map((m) => m.dir)),
    problems,
    graph,
  };
}

/** Display name of a manifest's workspace: its package name, else its directory, `.` for the root. */
export function workspaceName(m: Pick<Manifest, 'name' | 'dir'>): string {
  return m.name ?? (m.dir || '.');
}
