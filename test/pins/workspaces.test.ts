/**
 * Pins beyond plain dependency sections, on small generated trees: pnpm-workspace.yaml
 * `overrides`, a workspace nested below the repository root with its own lockfile, catalog
 * entries split by `--to v2` for the members that follow them, frameworks that carry the SDK
 * (`agents`, `mcp-handler`, `fastmcp`, `@hono/mcp`), and the v1 SDK kept where sources still
 * import it. Expected bytes are written here by hand.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { planPins, type PinsPlan } from '../../src/pins/plan.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), '.tmp', 'pins-ws-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function apply(dir: string, plan: PinsPlan) {
  for (const c of plan.changes) writeFileSync(c.abs, c.after);
}

const json = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;

describe('pnpm-workspace.yaml overrides', () => {
  const files = {
    'package.json': json({ name: 'root', private: true }),
    'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n\noverrides:\n  '@modelcontextprotocol/sdk': '>=1.25.2' # security floor\n  'some-lib>@modelcontextprotocol/sdk': 1.20.0\n  left-pad: 1.3.0\n",
    'packages/a/package.json': json({ name: 'a', dependencies: { '@modelcontextprotocol/sdk': '^1.12.0' } }),
    'packages/a/src/index.ts': "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n",
  };

  it('reports each override that forces an MCP package, with its section', () => {
    const dir = tree(files);
    const plan = planPins(dir, { cwd: dir });
    const overrides = plan.pins.filter((p) => p.section === 'overrides');
    expect(overrides.map((p) => [p.manifest, p.package, p.spec, p.line])).toEqual([
      ['pnpm-workspace.yaml', '@modelcontextprotocol/sdk', '>=1.25.2', 5],
      ['pnpm-workspace.yaml', '@modelcontextprotocol/sdk', '1.20.0', 6],
    ]);
    expect(overrides.every((p) => p.protocol === 'no')).toBe(true);
  });

  it('--to 1.32.2 bumps them as text spans; comments and other keys stay', () => {
    const dir = tree(files);
    const plan = planPins(dir, { to: '1.32.2', cwd: dir });
    const yaml = plan.changes.find((c) => c.rel === 'pnpm-workspace.yaml')!;
    expect(yaml.after).toBe(files['pnpm-workspace.yaml'].replace("'>=1.25.2'", "'>=1.32.2'").replace(': 1.20.0', ': 1.32.2'));
    apply(dir, plan);
    expect(planPins(dir, { to: '1.32.2', cwd: dir }).changes).toEqual([]);
  });

  it('--to v2 leaves them with a note (they force the v1 SDK while anything depends on it)', () => {
    const dir = tree(files);
    const plan = planPins(dir, { to: 'v2', cwd: dir });
    expect(plan.changes.map((c) => c.rel)).toEqual(['packages/a/package.json']);
    expect(plan.findings.filter((f) => f.file === 'pnpm-workspace.yaml' && /in overrides left as it is/.test(f.message))).toHaveLength(2);
  });
});

describe('a workspace nested below the repository root', () => {
  const lock = [
    "lockfileVersion: '9.0'",
    'importers:',
    '  .: {}',
    '  packages/server:',
    '    dependencies:',
    "      '@modelcontextprotocol/sdk':",
    '        specifier: ^1.20.0',
    '        version: 1.26.0(zod@4.2.1)',
    '',
  ].join('\n');
  const files = {
    'package.json': json({ name: 'monorepo', private: true }),
    'package-lock.json': json({ name: 'monorepo', lockfileVersion: 3, packages: { '': { name: 'monorepo' } } }),
    'libraries/typescript/package.json': json({ name: 'ts-libs', private: true, packageManager: 'pnpm@10.4.0' }),
    'libraries/typescript/pnpm-workspace.yaml': "packages:\n  - 'packages/*'\noverrides:\n  '@modelcontextprotocol/sdk': '>=1.25.2'\n",
    'libraries/typescript/pnpm-lock.yaml': lock,
    'libraries/typescript/packages/server/package.json': json({ name: '@acme/server', dependencies: { '@modelcontextprotocol/sdk': '^1.20.0' } }),
    'libraries/typescript/packages/server/src/index.ts': "import { McpServer } from '@modelcontextprotocol/server';\n",
  };

  it('is found, its members resolve against its own lockfile, its overrides are reported', () => {
    const dir = tree(files);
    const plan = planPins(dir, { cwd: dir });
    const member = plan.pins.find((p) => p.manifest === 'libraries/typescript/packages/server/package.json')!;
    expect(member).toMatchObject({ role: 'member', workspace: '@acme/server', resolved: '1.26.0', lockfile: 'libraries/typescript/pnpm-lock.yaml' });
    expect(plan.pins.find((p) => p.manifest === 'libraries/typescript/pnpm-workspace.yaml')).toMatchObject({ section: 'overrides', spec: '>=1.25.2', workspace: 'libraries/typescript' });
  });

  it('--to v2 edits the member and names the nested install to run, from its directory', () => {
    const dir = tree(files);
    const plan = planPins(dir, { to: 'v2', cwd: dir });
    expect(plan.changes.map((c) => c.rel)).toEqual(['libraries/typescript/packages/server/package.json']);
    expect(plan.changes[0].after).toBe(json({ name: '@acme/server', dependencies: { '@modelcontextprotocol/server': '^2.4.0' } }));
    expect(plan.installCommand).toBe('(cd "libraries/typescript" && pnpm install --lockfile-only --ignore-scripts)');
  });
});

describe('catalogs under --to v2', () => {
  const workspace = [
    'packages:',
    "  - 'apps/*'",
    'catalog:',
    "  '@modelcontextprotocol/sdk': ^1.22.0 # one version for all",
    '  zod: ^4.2.0',
    'catalogs:',
    '  edge:',
    '    "@modelcontextprotocol/sdk": "1.25.0"',
    '',
  ].join('\n');
  const files = {
    'package.json': json({ name: 'root', private: true }),
    'pnpm-workspace.yaml': workspace,
    // migrated to v2 imports: follows the default catalog
    'apps/web/package.json': json({ name: 'web', dependencies: { '@modelcontextprotocol/sdk': 'catalog:' } }),
    'apps/web/src/server.ts': "import { McpServer } from '@modelcontextprotocol/server';\nimport { toNodeHandler } from '@modelcontextprotocol/node';\n",
    // migrated client: also the default catalog
    'apps/cli/package.json': json({ name: 'cli', dependencies: { '@modelcontextprotocol/sdk': 'catalog:' } }),
    'apps/cli/src/main.ts': "import { Client } from '@modelcontextprotocol/client';\n",
    // not migrated yet: follows the named catalog, keeps the v1 SDK
    'apps/edge/package.json': json({ name: 'edge', dependencies: { '@modelcontextprotocol/sdk': 'catalog:edge' } }),
    'apps/edge/src/worker.ts': "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n",
  };

  it('splits each entry into the v2 packages its followers import; the entry goes once none keeps it', () => {
    const dir = tree(files);
    const plan = planPins(dir, { to: 'v2', cwd: dir });
    const yaml = plan.changes.find((c) => c.rel === 'pnpm-workspace.yaml')!;
    expect(yaml.after).toBe(
      [
        'packages:',
        "  - 'apps/*'",
        'catalog:',
        "  '@modelcontextprotocol/client': ^2.4.0",
        "  '@modelcontextprotocol/node': ^2.1.2",
        "  '@modelcontextprotocol/server': ^2.4.0",
        '  zod: ^4.2.0',
        'catalogs:',
        '  edge:',
        '    "@modelcontextprotocol/sdk": "1.25.0"',
        '    "@modelcontextprotocol/server": "2.4.0"',
        '',
      ].join('\n'),
    );
    const after = (rel: string) => JSON.parse(plan.changes.find((c) => c.rel === rel)!.after).dependencies;
    expect(after('apps/web/package.json')).toEqual({ '@modelcontextprotocol/node': 'catalog:', '@modelcontextprotocol/server': 'catalog:' });
    expect(after('apps/cli/package.json')).toEqual({ '@modelcontextprotocol/client': 'catalog:' });
    expect(after('apps/edge/package.json')).toEqual({ '@modelcontextprotocol/sdk': 'catalog:edge', '@modelcontextprotocol/server': 'catalog:edge' });
    apply(dir, plan);
    // Every catalog: reference resolves to an entry, and a second run plans nothing.
    const doc = parseYaml(readFileSync(join(dir, 'pnpm-workspace.yaml'), 'utf8'));
    for (const app of ['web', 'cli', 'edge']) {
      const deps = JSON.parse(readFileSync(join(dir, 'apps', app, 'package.json'), 'utf8')).dependencies as Record<string, string>;
      for (const [pkg, spec] of Object.entries(deps)) {
        const cat = spec === 'catalog:' ? doc.catalog : doc.catalogs[spec.slice('catalog:'.length)];
        expect(cat[pkg], `${app} ${pkg}`).toBeDefined();
      }
    }
    expect(planPins(dir, { to: 'v2', cwd: dir }).changes).toEqual([]);
  });

  it('refuses an aliased entry with one finding, and leaves its followers', () => {
    const dir = tree({ ...files, 'pnpm-workspace.yaml': workspace.replace("'@modelcontextprotocol/sdk': ^1.22.0 # one version for all", "'@modelcontextprotocol/sdk': &v ^1.22.0\n  other: *v") });
    const plan = planPins(dir, { to: 'v2', cwd: dir });
    expect(plan.changes.map((c) => c.rel).sort()).toEqual(['apps/edge/package.json', 'pnpm-workspace.yaml']);
    expect(plan.findings.filter((f) => /left as it is, and so are the 2 members that follow it: the value carries the YAML anchor/.test(f.message))).toHaveLength(1);
  });
});

describe('the v1 SDK stays where sources still import it', () => {
  it('a dual-era server (v2 leg plus the legacy leg on v1) keeps its v1 pin beside the v2 packages', () => {
    const dir = tree({
      'package.json': json({ name: 'lib', dependencies: { '@modelcontextprotocol/sdk': '^1.25.0', zod: '^4.2.0' } }),
      'src/modern.ts': "import { createMcpHandler } from '@modelcontextprotocol/server';\n",
      'src/legacy.ts': "import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';\n",
    });
    const plan = planPins(dir, { to: 'v2', cwd: dir });
    expect(plan.changes[0].after).toBe(
      json({ name: 'lib', dependencies: { '@modelcontextprotocol/sdk': '^1.25.0', '@modelcontextprotocol/node': '^2.1.2', '@modelcontextprotocol/server': '^2.4.0', zod: '^4.2.0' } }),
    );
    expect(plan.findings.map((f) => f.message)).toContain(
      '@modelcontextprotocol/sdk kept beside the v2 packages: 1 source still imports it (first: src/legacy.ts); once they no longer do (mcp-migrate migrate --sdk v2), pins --to v2 drops it',
    );
    apply(dir, plan);
    expect(planPins(dir, { to: 'v2', cwd: dir }).changes).toEqual([]);
  });
});

describe('frameworks that carry the SDK', () => {
  const files = {
    'package.json': json({ name: 'root', private: true, workspaces: ['apps/*'] }),
    'apps/worker/package.json': json({ name: 'worker', dependencies: { agents: '^0.19.0' } }),
    'apps/worker/src/index.ts': "import { McpAgent } from 'agents/mcp';\n",
    'apps/next/package.json': json({ name: 'next-app', dependencies: { 'mcp-handler': '^2.1.0', '@modelcontextprotocol/sdk': '^1.26.0' } }),
    'apps/next/src/route.ts': "import { createMcpHandler } from 'mcp-handler';\n",
    'apps/fast/package.json': json({ name: 'fast', dependencies: { fastmcp: '^4.16.0' } }),
    'apps/hono/package.json': json({ name: 'hono-app', dependencies: { '@hono/mcp': '^0.3.0' } }),
  };

  it('are reported with what their version serves, as "via <framework>"', () => {
    const dir = tree(files);
    const plan = planPins(dir, { cwd: dir });
    const carried = plan.pins.filter((p) => p.carrier).map((p) => [p.workspace, p.package, p.protocol, p.iss]);
    expect(carried).toEqual([
      ['fast', 'fastmcp', 'no', 'n/a'],
      ['hono-app', '@hono/mcp', 'no', 'n/a'],
      ['next-app', 'mcp-handler', 'yes', 'n/a'],
      ['worker', 'agents', 'no', 'no'],
    ]);
    const msg = (file: string) => plan.findings.filter((f) => f.file === file).map((f) => f.message);
    expect(msg('apps/worker/package.json')).toEqual([
      'MCP via agents ^0.19.0: it does not serve the 2026-07-28 protocol; agents 0.20.0+ does (only its createMcpHandler path serves 2026-07-28; McpAgent stays a 2025-era (v1, sessionful) server)',
    ]);
    expect(msg('apps/fast/package.json')[0]).toMatch(/^MCP via fastmcp \^4\.16\.0: it does not serve the 2026-07-28 protocol; no release through 4\.20\.16 does/);
    expect(msg('apps/next/package.json')).toContain('MCP via mcp-handler ^2.1.0: serves the 2026-07-28 protocol');
  });

  it('are never bumped; a v1 pin beside one says the framework decides', () => {
    const dir = tree(files);
    const plan = planPins(dir, { to: 'v2', cwd: dir });
    expect(plan.changes).toEqual([]);
    expect(plan.findings.map((f) => f.message)).toContain(
      '@modelcontextprotocol/sdk in dependencies left as it is: next-app reaches MCP via mcp-handler ^2.1.0, which brings its own SDK; move that framework to a version that serves 2026-07-28 (see its pin)',
    );
    expect(planPins(dir, { to: '1.32.2', cwd: dir }).changes.map((c) => c.rel)).toEqual(['apps/next/package.json']);
  });
});
