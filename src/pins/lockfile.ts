/**
 * Lockfile reading: which version a manifest's dependency resolved to. Read-only: lockfiles
 * are never edited (the summary prints the install command that refreshes them).
 * Supported: package-lock.json / npm-shrinkwrap.json v2 and v3 (`packages` map), pnpm-lock.yaml
 * (v5 `specifiers`, v6+ `{ specifier, version }` importers), yarn.lock v1 (its own format) and
 * berry (YAML, `name@npm:range` descriptors), uv.lock and poetry.lock (`[[package]]` blocks).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export type LockKind = 'npm' | 'pnpm' | 'yarn-v1' | 'yarn-berry' | 'uv' | 'poetry';

export interface Lockfile {
  kind: LockKind;
  /** Root-relative path. */
  rel: string;
  /**
   * Resolved version for `pkg` as declared by the manifest in `dir` (root-relative, '' for the
   * lockfile's own directory) with `spec` in `section`; undefined when the lockfile does not say.
   */
  resolve(dir: string, pkg: string, spec: string, section: string): string | undefined;
}

const LOCK_NAMES: [string, LockKind | 'yarn'][] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
];

/**
 * Strip pnpm's peer suffixes: `1.2.3(zod@3.25.0)` (v6+), `1.2.3_zod@3.25.0` (v5). Non-registry
 * resolutions (`link:../x`, `github.com/acme/x/0a1b2c3`, tarball URLs) are not versions.
 */
function pnpmVersion(v: string): string | undefined {
  const version = v.replace(/\(.*$/, '').replace(/_.*$/, '');
  return /^\d/.test(version) ? version : undefined;
}

function npmLock(rel: string, text: string): Lockfile | { error: string } {
  const json = JSON.parse(text);
  if (!json.packages || typeof json.packages !== 'object') {
    return { error: `lockfileVersion ${json.lockfileVersion ?? '?'} has no "packages" map (v1 lockfiles are not read; run npm install to upgrade it)` };
  }
  const packages = json.packages as Record<string, { version?: string; link?: boolean }>;
  return {
    kind: 'npm',
    rel,
    resolve(dir, pkg) {
      // Node's resolution: the member's own node_modules first, then each ancestor's.
      const parts = dir ? dir.split('/') : [];
      for (let i = parts.length; i >= 0; i--) {
        const base = parts.slice(0, i).join('/');
        const entry = packages[`${base ? `${base}/` : ''}node_modules/${pkg}`];
        if (entry && !entry.link && entry.version) return entry.version;
      }
      return undefined;
    },
  };
}

function pnpmLock(rel: string, text: string): Lockfile {
  const y = (parseYaml(text) ?? {}) as Record<string, any>;
  // Single-project lockfiles (v5 without importers) keep the sections at the top level.
  const importers: Record<string, any> = y.importers ?? { '.': y };
  return {
    kind: 'pnpm',
    rel,
    resolve(dir, pkg, _spec, section) {
      const imp = importers[dir || '.'];
      if (!imp) return undefined;
      const sections = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].includes(section)
        ? [section, 'dependencies', 'devDependencies', 'optionalDependencies']
        : ['dependencies', 'devDependencies', 'optionalDependencies'];
      for (const s of sections) {
        const v = imp[s]?.[pkg];
        if (typeof v === 'string') return pnpmVersion(v);
        if (v && typeof v.version === 'string') return pnpmVersion(v.version);
      }
      return undefined;
    },
  };
}

/** yarn.lock v1: `"a@^1", a@^1.2:` headers, `  version "1.2.3"` bodies. */
function yarnV1(rel: string, text: string): Lockfile {
  const byDescriptor = new Map<string, string>();
  let current: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    if (!/^\s/.test(line) && line.endsWith(':')) {
      current = line
        .slice(0, -1)
        .split(/,\s*/)
        .map((d) => d.trim().replace(/^"(.*)"$/, '$1'));
      continue;
    }
    const m = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (m) for (const d of current) byDescriptor.set(d, m[1]);
  }
  return {
    kind: 'yarn-v1',
    rel,
    resolve: (_dir, pkg, spec) => byDescriptor.get(`${pkg}@${spec}`),
  };
}

/** yarn berry: YAML whose keys are comma-joined descriptors `name@npm:^1.2.0`. */
function yarnBerry(rel: string, text: string): Lockfile {
  const y = (parseYaml(text) ?? {}) as Record<string, any>;
  const byDescriptor = new Map<string, string>();
  for (const [key, value] of Object.entries(y)) {
    if (key === '__metadata' || !value || typeof value.version !== 'string') continue;
    for (const d of key.split(/,\s*/)) byDescriptor.set(d.trim(), value.version);
  }
  return {
    kind: 'yarn-berry',
    rel,
    resolve: (_dir, pkg, spec) => byDescriptor.get(`${pkg}@${spec.includes(':') ? spec : `npm:${spec}`}`) ?? byDescriptor.get(`${pkg}@${spec}`),
  };
}

/** uv.lock / poetry.lock: `[[package]]` tables with `name = "..."` and `version = "..."`. */
function tomlPackages(kind: 'uv' | 'poetry', rel: string, text: string): Lockfile {
  const versions = new Map<string, string>();
  for (const block of text.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    const version = /^version\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    if (name && version) versions.set(name.toLowerCase().replace(/[-_.]+/g, '-'), version);
  }
  return { kind, rel, resolve: (_dir, pkg) => versions.get(pkg.toLowerCase().replace(/[-_.]+/g, '-')) };
}

/**
 * The lockfiles in directory `dir` (root-relative) among `files` (root-relative paths found by
 * discovery). Unreadable ones come back as problems.
 */
export function readLockfiles(root: string, dir: string, files: string[]): { locks: Lockfile[]; problems: { rel: string; message: string }[] } {
  const locks: Lockfile[] = [];
  const problems: { rel: string; message: string }[] = [];
  for (const [name, kind] of LOCK_NAMES) {
    const rel = dir ? `${dir}/${name}` : name;
    if (!files.includes(rel)) continue;
    try {
      const text = readFileSync(join(root, rel), 'utf8');
      if (kind === 'npm') {
        const l = npmLock(rel, text);
        if ('error' in l) problems.push({ rel, message: l.error });
        else locks.push(l);
      } else if (kind === 'pnpm') locks.push(pnpmLock(rel, text));
      else if (kind === 'yarn') locks.push(/^__metadata:/m.test(text) ? yarnBerry(rel, text) : yarnV1(rel, text));
      else locks.push(tomlPackages(kind as 'uv' | 'poetry', rel, text));
    } catch (err) {
      problems.push({ rel, message: `cannot read lockfile: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  return { locks, problems };
}
