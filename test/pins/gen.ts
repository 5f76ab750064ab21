/**
 * Generated fixture monorepos for the pins tests: npm, yarn v1, yarn berry and pnpm (with
 * catalogs), 1 to N workspaces, mixed ranges, sections, formatting (CRLF, tabs, 4 spaces, no
 * final newline) and lockfiles. Every manifest is rendered from an object by `render`, so a
 * test can state the expected bytes after an edit by rendering the edited object the same way.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export type Manager = 'npm' | 'yarn-v1' | 'yarn-berry' | 'pnpm';
export const SDK = '@modelcontextprotocol/sdk';
export const SERVER = '@modelcontextprotocol/server';
export const CLIENT = '@modelcontextprotocol/client';
export const NODE = '@modelcontextprotocol/node';
export const EXPRESS = '@modelcontextprotocol/express';

/**
 * v1 specs with, written by hand: the version the lockfile resolves, the spec `--to 1.32.2`
 * must produce (null: unchanged), the finding that explains an unchanged one, and the range
 * style `--to v2` must use for a version (null: refused).
 */
export interface SpecCase {
  spec: string;
  resolved?: string;
  to1322: string | null;
  why?: RegExp;
  v2: ((v: string) => string) | null;
}
const mm = (v: string) => v.split('.').slice(0, 2).join('.');
export const SPEC_TABLE: SpecCase[] = [
  { spec: '^1.12.0', resolved: '1.32.2', to1322: '^1.32.2', v2: (v) => `^${v}` },
  { spec: '~1.10.0', resolved: '1.10.2', to1322: '~1.32.2', v2: (v) => `~${v}` },
  { spec: '1.20.0', resolved: '1.20.0', to1322: '1.32.2', v2: (v) => v },
  { spec: '>=1.0.0', resolved: '1.32.2', to1322: '>=1.32.2', v2: (v) => `>=${v}` },
  { spec: '^1.12', resolved: '1.32.2', to1322: '^1.32', v2: (v) => `^${mm(v)}` },
  { spec: '1.x', resolved: '1.32.2', to1322: null, v2: (v) => `${v.split('.')[0]}.x` },
  { spec: '~1.2', resolved: '1.2.5', to1322: '~1.32', v2: (v) => `~${mm(v)}` },
  { spec: '>=1.0.0 <2.0.0', resolved: '1.32.2', to1322: null, why: /compound range/, v2: (v) => `^${v}` },
  { spec: 'file:../../vendor/mcp-sdk', to1322: null, why: /file: spec/, v2: null },
  { spec: 'npm:@acme/mcp-sdk-fork@^1.0.0', to1322: null, why: /npm: alias/, v2: null },
  { spec: 'github:acme/mcp-sdk#v1', resolved: '1.5.0', to1322: null, why: /git spec/, v2: null },
  { spec: '^1.40.0', resolved: '1.40.1', to1322: null, why: /already admits only versions above 1\.32\.2/, v2: (v) => `^${v}` },
];

export type Section = 'dependencies' | 'devDependencies' | 'optionalDependencies' | 'peerDependencies';
export interface Dep {
  section: Section;
  pkg: string;
  spec: string;
  resolved?: string;
}

export interface Format {
  indent: string | number;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
}

export interface Member {
  dir: string;
  name: string;
  /** Which shape it has (see buildRepo). */
  kind: number;
  specCase?: SpecCase;
  deps: Dep[];
  imports: string[];
  format: Format;
}

export interface Repo {
  dir: string;
  manager: Manager;
  members: Member[];
  root: { deps: Dep[]; json: Record<string, any>; format: Format };
  stray?: { rel: string; json: Record<string, any> };
  /** pnpm catalogs: default and `legacy`. */
  catalog?: { defaultSpec: string; legacySpec: string };
}

export function render(obj: unknown, f: Format): string {
  return JSON.stringify(obj, null, f.indent).replace(/\n/g, f.eol) + (f.finalNewline ? f.eol : '');
}

/** package.json object with the sections in first-seen order. */
export function manifestObject(name: string, deps: Dep[], extra: Record<string, unknown> = {}): Record<string, any> {
  const obj: Record<string, any> = { name, version: '1.0.0', private: true, ...extra };
  for (const d of deps) (obj[d.section] ??= {})[d.pkg] = d.spec;
  return obj;
}

export function pnpmWorkspaceText(defaultSpec: string, legacySpec: string): string {
  return [
    '# generated workspace',
    'packages:',
    "  - 'packages/*'",
    '',
    'catalog:',
    `  '@modelcontextprotocol/sdk': ${defaultSpec} # shared by most members`,
    '  zod: ^4.2.0',
    '',
    'catalogs:',
    '  legacy:',
    `    "@modelcontextprotocol/sdk": "${legacySpec}"`,
    '',
  ].join('\n');
}

const SECTIONS: Section[] = ['dependencies', 'devDependencies', 'optionalDependencies'];

const IMPORTS: Record<number, string[]> = {
  // server on v1 with the Node streamable transport → server + node
  0: [
    "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
    "import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';",
    "import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';",
  ],
  // client on v1 → client
  1: ["import { Client } from '@modelcontextprotocol/sdk/client/index.js';", "import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';"],
  // already migrated sources (v2 imports), manifest still on v1 → express + server
  2: ["import { McpServer } from '@modelcontextprotocol/server';", "import { createMcpExpressApp } from '@modelcontextprotocol/express';"],
  3: ["import { McpServer } from '@modelcontextprotocol/server';", "import { Client } from '@modelcontextprotocol/client';"],
  4: ["import { helper } from 'm0';"],
};

/**
 * Members cycle through five shapes: 0–2 pin the v1 SDK (spec from SPEC_TABLE, or a pnpm
 * catalog reference), 3 pins v2 packages (one as peer + dev), 4 has no MCP dependency and
 * depends on m0 (workspace graph edge).
 */
export function buildRepo(manager: Manager, count: number, opts: { extras?: boolean } = {}): Repo {
  const dir = mkdtempSync(join(process.cwd(), '.tmp', `pins-${manager}-${count}-`));
  const members: Member[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 5;
    const format: Format = {
      indent: [2, 4, '\t', 2][i % 4],
      eol: i % 7 === 3 ? '\r\n' : '\n',
      finalNewline: i % 6 !== 5,
    };
    const name = `m${i}`;
    const deps: Dep[] = [];
    let specCase: SpecCase | undefined;
    if (kind <= 2) {
      specCase = SPEC_TABLE[i % SPEC_TABLE.length];
      const section = SECTIONS[i % SECTIONS.length];
      if (manager === 'pnpm' && i % 4 === 0) deps.push({ section, pkg: SDK, spec: 'catalog:', resolved: '1.32.2' });
      else if (manager === 'pnpm' && i % 4 === 2) deps.push({ section, pkg: SDK, spec: 'catalog:legacy', resolved: '1.20.0' });
      else deps.push({ section, pkg: SDK, spec: specCase.spec, resolved: specCase.resolved });
      deps.push({ section: 'dependencies', pkg: 'zod', spec: '^4.2.0', resolved: '4.2.1' });
      if (kind === 2) deps.push({ section: 'dependencies', pkg: 'express', spec: '^5.1.0', resolved: '5.1.0' });
    } else if (kind === 3) {
      deps.push({ section: 'peerDependencies', pkg: SERVER, spec: '^2.0.0', resolved: '2.4.0' });
      deps.push({ section: 'devDependencies', pkg: SERVER, spec: '^2.0.0', resolved: '2.4.0' });
      deps.push({ section: 'devDependencies', pkg: CLIENT, spec: '2.0.0-alpha.2', resolved: '2.0.0-alpha.2' });
    } else {
      deps.push({ section: 'dependencies', pkg: 'm0', spec: manager === 'pnpm' || manager === 'yarn-berry' ? 'workspace:*' : '*' });
    }
    members.push({ dir: `packages/${name}`, name, kind, specCase, deps, imports: IMPORTS[kind], format });
  }

  if (opts.extras) {
    // Uses the SDK through the root's hoisted dependency, declares nothing itself.
    members.push({
      dir: 'packages/hoisted-app',
      name: 'hoisted-app',
      kind: 5,
      deps: [],
      imports: ["import { Client } from '@modelcontextprotocol/sdk/client/index.js';"],
      format: { indent: 2, eol: '\n', finalNewline: true },
    });
  }

  const rootFormat: Format = { indent: 2, eol: '\n', finalNewline: true };
  const rootDeps: Dep[] = [{ section: 'devDependencies', pkg: SDK, spec: '^1.12.0', resolved: '1.32.2' }];
  const extra: Record<string, unknown> = {};
  if (manager !== 'pnpm') extra.workspaces = manager === 'yarn-v1' ? { packages: ['packages/*'], nohoist: [] } : ['packages/*'];
  if (manager === 'yarn-berry') extra.packageManager = 'yarn@4.5.0';
  if (manager === 'pnpm') extra.packageManager = 'pnpm@9.15.0';
  const rootJson = manifestObject('root', rootDeps, extra);
  if (manager === 'npm') rootJson.overrides = { [SDK]: '1.25.0', 'some-lib': { [SDK]: { '.': '1.25.0' } } };
  if (manager === 'yarn-v1' || manager === 'yarn-berry') rootJson.resolutions = { [`**/${SDK}`]: '1.25.0' };
  if (manager === 'pnpm') rootJson.pnpm = { overrides: { [`${SDK}@<1.20`]: '1.25.0' } };

  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  write('package.json', render(rootJson, rootFormat));
  for (const m of members) {
    write(`${m.dir}/package.json`, render(manifestObject(m.name, m.deps), m.format));
    write(`${m.dir}/src/index.ts`, `${m.imports.join('\n')}\nexport const ready = true;\n`);
  }
  // Not a manifest anyone declared: must never be reported.
  write('node_modules/@modelcontextprotocol/sdk/package.json', JSON.stringify({ name: SDK, version: '1.32.2' }));
  write('packages/m0/node_modules/@modelcontextprotocol/sdk/package.json', JSON.stringify({ name: SDK, version: '1.10.2' }));

  const repo: Repo = { dir, manager, members, root: { deps: rootDeps, json: rootJson, format: rootFormat } };
  if (opts.extras) {
    repo.stray = { rel: 'tools/release/package.json', json: manifestObject('release-tool', [{ section: 'dependencies', pkg: SDK, spec: '1.0.0' }]) };
    write(repo.stray.rel, render(repo.stray.json, rootFormat));
    write('services/py/pyproject.toml', '[project]\nname = "py-svc"\ndependencies = [\n  "mcp[cli]>=1.27,<2",\n]\n');
    write('services/py/uv.lock', 'version = 1\n\n[[package]]\nname = "mcp"\nversion = "1.29.0"\n\n[[package]]\nname = "httpx"\nversion = "0.28.1"\n');
    write('services/go/go.mod', 'module example.com/svc\n\ngo 1.23\n\nrequire github.com/modelcontextprotocol/go-sdk v1.7.0\n');
  }
  if (manager === 'pnpm') {
    repo.catalog = { defaultSpec: '^1.12.0', legacySpec: '1.20.0' };
    write('pnpm-workspace.yaml', pnpmWorkspaceText(repo.catalog.defaultSpec, repo.catalog.legacySpec));
  }
  write(lockName(manager), lockText(repo));
  return repo;
}

export function lockName(manager: Manager): string {
  return manager === 'npm' ? 'package-lock.json' : manager === 'pnpm' ? 'pnpm-lock.yaml' : 'yarn.lock';
}

function allDeps(repo: Repo): { dir: string; dep: Dep }[] {
  return [...repo.root.deps.map((dep) => ({ dir: '', dep })), ...repo.members.flatMap((m) => m.deps.map((dep) => ({ dir: m.dir, dep })))];
}

function lockText(repo: Repo): string {
  const deps = allDeps(repo).filter(({ dep }) => dep.resolved);
  if (repo.manager === 'npm') {
    const packages: Record<string, unknown> = { '': { name: 'root', workspaces: ['packages/*'] } };
    const hoisted = new Map<string, string>([[SDK, '1.32.2']]);
    packages[`node_modules/${SDK}`] = { version: '1.32.2', resolved: `https://registry.npmjs.org/${SDK}/-/sdk-1.32.2.tgz` };
    for (const m of repo.members) {
      packages[m.dir] = { name: m.name, version: '1.0.0' };
      packages[`node_modules/${m.name}`] = { resolved: m.dir, link: true };
    }
    for (const m of repo.members) {
      for (const dep of m.deps) {
        if (dep.spec.startsWith('file:')) packages[`${m.dir}/node_modules/${dep.pkg}`] = { resolved: 'vendor/mcp-sdk', link: true };
        if (dep.spec.startsWith('npm:')) packages[`${m.dir}/node_modules/${dep.pkg}`] = { name: '@acme/mcp-sdk-fork', version: '1.3.0' };
      }
    }
    for (const { dir, dep } of deps) {
      if (!dir) continue;
      if (dep.spec.startsWith('github:')) {
        packages[`${dir}/node_modules/${dep.pkg}`] = { version: dep.resolved, resolved: 'git+ssh://git@github.com/acme/mcp-sdk.git#0a1b2c3' };
      } else if (!hoisted.has(dep.pkg)) {
        hoisted.set(dep.pkg, dep.resolved!);
        packages[`node_modules/${dep.pkg}`] = { version: dep.resolved };
      } else if (hoisted.get(dep.pkg) !== dep.resolved) {
        packages[`${dir}/node_modules/${dep.pkg}`] = { version: dep.resolved };
      }
    }
    return JSON.stringify({ name: 'root', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
  }
  if (repo.manager === 'pnpm') {
    const importers: Record<string, any> = {};
    for (const { dir, dep } of deps) {
      if (dep.section === 'peerDependencies') continue;
      const imp = (importers[dir || '.'] ??= {});
      const version = dep.spec.startsWith('github:') ? 'github.com/acme/mcp-sdk/0a1b2c3' : dep.pkg === SDK ? `${dep.resolved}(zod@4.2.1)` : dep.resolved;
      (imp[dep.section] ??= {})[dep.pkg] = { specifier: dep.spec, version };
    }
    return stringify({
      lockfileVersion: '9.0',
      settings: { autoInstallPeers: true, excludeLinksFromLockfile: false },
      catalogs: { default: { [SDK]: { specifier: '^1.12.0', version: '1.32.2' } }, legacy: { [SDK]: { specifier: '1.20.0', version: '1.20.0' } } },
      importers,
    });
  }
  // yarn: descriptors grouped by resolved version.
  const groups = new Map<string, Set<string>>();
  for (const { dep } of deps) {
    const key = `${dep.pkg}\u0000${dep.resolved}`;
    if (!groups.has(key)) groups.set(key, new Set());
    groups.get(key)!.add(repo.manager === 'yarn-berry' && !dep.spec.includes(':') ? `${dep.pkg}@npm:${dep.spec}` : `${dep.pkg}@${dep.spec}`);
  }
  const blocks = [...groups].sort().map(([key, ds]) => {
    const [pkg, version] = key.split('\u0000');
    // v1 quotes each descriptor; berry writes one quoted, comma-joined YAML key.
    const header = repo.manager === 'yarn-berry' ? `"${[...ds].sort().join(', ')}"` : [...ds].sort().map((d) => `"${d}"`).join(', ');
    return repo.manager === 'yarn-berry'
      ? `${header}:\n  version: ${version}\n  resolution: "${pkg}@npm:${version}"\n  languageName: node\n  linkType: hard\n`
      : `${header}:\n  version "${version}"\n  resolved "https://registry.yarnpkg.com/${pkg}/-/x-${version}.tgz"\n  integrity sha512-AAAA\n`;
  });
  const head =
    repo.manager === 'yarn-berry'
      ? '# This file is generated by running "yarn install" inside your project.\n\n__metadata:\n  version: 8\n  cacheKey: 10\n\n'
      : '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n';
  return head + blocks.join('\n');
}
