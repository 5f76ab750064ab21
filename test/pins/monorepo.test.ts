/**
 * Generated monorepos (npm, yarn v1, yarn berry, pnpm with catalogs; 1 to 200 workspaces):
 * exact reports, exact and idempotent `--to` rewrites, untouched manifests byte-identical.
 * Expected results come from gen.ts's hand-written SPEC_TABLE and from rendering the edited
 * manifest objects with the same formatting, never from the code under test.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { planPins, type PinsPlan } from '../../src/pins/plan.ts';
import type { PinRecord } from '../../src/pins/types.ts';
import {
  buildRepo,
  CLIENT,
  EXPRESS,
  lockName,
  manifestObject,
  NODE,
  pnpmWorkspaceText,
  render,
  SDK,
  SERVER,
  type Dep,
  type Manager,
  type Member,
  type Repo,
} from './gen.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function make(manager: Manager, count: number, extras = false): Repo {
  const repo = buildRepo(manager, count, { extras });
  made.push(repo.dir);
  return repo;
}

type Expected = Omit<PinRecord, 'line' | 'column' | 'proposed'>;

const LATEST: Record<string, string> = { [SERVER]: '2.4.0', [CLIENT]: '2.4.0', [NODE]: '2.1.2', [EXPRESS]: '2.0.2' };

/** What the lockfile resolves for one dependency, per manager (see gen.ts lockText). */
function expectedResolved(repo: Repo, dep: Dep): string | undefined {
  if (/^(npm|file|link|workspace):/.test(dep.spec)) return undefined;
  if (dep.spec.startsWith('github:')) return repo.manager === 'pnpm' ? undefined : dep.resolved;
  return dep.resolved;
}

function lockfileOf(repo: Repo, resolved: string | undefined) {
  return resolved ? { lockfile: lockName(repo.manager) } : {};
}

function expectedPins(repo: Repo): Expected[] {
  const out: Expected[] = [];
  const npmPin = (manifest: string, workspace: string, role: PinRecord['role'], section: string, pkg: string, spec: string, resolved: string | undefined, extra: Partial<Expected> = {}): Expected => {
    const support =
      pkg === SDK ? { protocol: 'no', iss: 'no' }
      : pkg === SERVER ? { protocol: 'yes', iss: 'n/a' }
      : spec === '2.0.0-alpha.2' ? { protocol: 'no', iss: 'no' }
      : { protocol: 'yes', iss: 'yes' };
    return {
      ecosystem: 'npm',
      manifest,
      workspace,
      role,
      package: pkg,
      section,
      spec,
      ...extra,
      ...(resolved ? { resolved, ...lockfileOf(repo, resolved) } : {}),
      ...(support as Pick<PinRecord, 'protocol' | 'iss'>),
    };
  };
  out.push(npmPin('package.json', 'root', 'root', 'devDependencies', SDK, '^1.12.0', '1.32.2'));
  if (repo.manager === 'npm') {
    out.push(npmPin('package.json', 'root', 'root', 'overrides', SDK, '1.25.0', undefined));
    out.push(npmPin('package.json', 'root', 'root', 'overrides', SDK, '1.25.0', undefined));
  } else if (repo.manager === 'pnpm') {
    out.push(npmPin('package.json', 'root', 'root', 'pnpm.overrides', SDK, '1.25.0', undefined));
    out.push(npmPin('pnpm-workspace.yaml', '.', 'catalog', 'catalog', SDK, '^1.12.0', undefined));
    out.push(npmPin('pnpm-workspace.yaml', '.', 'catalog', 'catalogs.legacy', SDK, '1.20.0', undefined));
  } else {
    out.push(npmPin('package.json', 'root', 'root', 'resolutions', SDK, '1.25.0', undefined));
  }
  for (const m of repo.members) {
    for (const d of m.deps) {
      if (!d.pkg.startsWith('@modelcontextprotocol/')) continue;
      const extra: Partial<Expected> = d.spec === 'catalog:' ? { catalogSpec: '^1.12.0' } : d.spec === 'catalog:legacy' ? { catalogSpec: '1.20.0' } : {};
      out.push(npmPin(`${m.dir}/package.json`, m.name, 'member', d.section, d.pkg, d.spec, expectedResolved(repo, d), extra));
    }
  }
  if (repo.stray) {
    out.push(npmPin(repo.stray.rel, 'release-tool', 'stray', 'dependencies', SDK, '1.0.0', undefined));
    out.push({ ecosystem: 'pypi', manifest: 'services/py/pyproject.toml', workspace: 'services/py', role: 'stray', package: 'mcp', section: 'project.dependencies', spec: '>=1.27,<2', resolved: '1.29.0', lockfile: 'services/py/uv.lock', protocol: 'no', iss: 'no' });
    out.push({ ecosystem: 'go', manifest: 'services/go/go.mod', workspace: 'services/go', role: 'stray', package: 'github.com/modelcontextprotocol/go-sdk', section: 'require', spec: 'v1.7.0', resolved: 'v1.7.0', lockfile: 'services/go/go.mod', protocol: 'yes', iss: 'yes' });
  }
  return out;
}

const key = (p: Pick<PinRecord, 'manifest' | 'package' | 'section' | 'spec'>) => `${p.manifest}|${p.section}|${p.package}|${p.spec}`;

/** Records without positions, sorted, compared exactly; positions checked against the text. */
function checkReport(repo: Repo, plan: PinsPlan) {
  const got = plan.pins.map(({ line: _l, column: _c, proposed: _p, ...rest }) => rest).sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const want = expectedPins(repo).sort((a, b) => (key(a) < key(b) ? -1 : 1));
  expect(got).toEqual(want);
  for (const p of plan.pins) {
    const text = readFileSync(join(repo.dir, p.manifest), 'utf8').replace(/^\uFEFF/, '');
    const line = text.split('\n')[p.line - 1];
    const at = line.slice(p.column - 1);
    const quoted = p.ecosystem === 'npm' && p.role !== 'catalog' ? JSON.stringify(p.spec) : p.ecosystem === 'go' ? 'github.com/modelcontextprotocol/go-sdk' : p.ecosystem === 'pypi' ? '"mcp' : '';
    expect(at.startsWith(quoted) || at.startsWith(`'${p.spec}`) || at.startsWith(p.spec), `${p.manifest}:${p.line}:${p.column} → ${at}`).toBe(true);
  }
}

/** Apply planned changes to disk (what --write does), returning the rel paths changed. */
function apply(repo: Repo, plan: PinsPlan): Set<string> {
  for (const c of plan.changes) {
    expect(readFileSync(c.abs, 'utf8')).toBe(c.before);
    writeFileSync(c.abs, c.after);
  }
  return new Set(plan.changes.map((c) => c.rel));
}

function snapshot(repo: Repo): Map<string, string> {
  const files = new Map<string, string>();
  const rels = ['package.json', lockName(repo.manager), ...repo.members.map((m) => `${m.dir}/package.json`)];
  if (repo.manager === 'pnpm') rels.push('pnpm-workspace.yaml');
  if (repo.stray) rels.push(repo.stray.rel, 'services/py/pyproject.toml', 'services/go/go.mod');
  for (const r of rels) files.set(r, readFileSync(join(repo.dir, r), 'utf8'));
  return files;
}

function expectOnlyChanged(repo: Repo, before: Map<string, string>, changed: Set<string>) {
  for (const [rel, text] of before) {
    if (!changed.has(rel)) expect(readFileSync(join(repo.dir, rel), 'utf8'), `${rel} must be byte-identical`).toBe(text);
  }
}

function memberWith(m: Member, deps: Dep[]): string {
  return render(manifestObject(m.name, deps), m.format);
}

function checkTo1322(repo: Repo) {
  const before = snapshot(repo);
  const plan = planPins(repo.dir, { to: '1.32.2', cwd: repo.dir });
  const changed = apply(repo, plan);
  const want = new Set<string>(['package.json']);

  // Root: direct pin and every override flavour move to 1.32.2 in their own style.
  const rootJson = structuredClone(repo.root.json);
  rootJson.devDependencies[SDK] = '^1.32.2';
  if (rootJson.overrides) {
    rootJson.overrides[SDK] = '1.32.2';
    rootJson.overrides['some-lib'][SDK]['.'] = '1.32.2';
  }
  if (rootJson.resolutions) rootJson.resolutions[`**/${SDK}`] = '1.32.2';
  if (rootJson.pnpm) rootJson.pnpm.overrides[`${SDK}@<1.20`] = '1.32.2';
  expect(readFileSync(join(repo.dir, 'package.json'), 'utf8')).toBe(render(rootJson, repo.root.format));
  if (repo.manager === 'pnpm') {
    want.add('pnpm-workspace.yaml');
    expect(readFileSync(join(repo.dir, 'pnpm-workspace.yaml'), 'utf8')).toBe(pnpmWorkspaceText('^1.32.2', '1.32.2'));
  }

  const expectedWhy: string[] = [];
  for (const m of repo.members) {
    const sdk = m.deps.find((d) => d.pkg === SDK);
    if (!sdk || sdk.spec.startsWith('catalog:') || !m.specCase) continue;
    const sc = m.specCase;
    if (sc.to1322) {
      want.add(`${m.dir}/package.json`);
      expect(readFileSync(join(repo.dir, m.dir, 'package.json'), 'utf8')).toBe(memberWith(m, m.deps.map((d) => (d === sdk ? { ...d, spec: sc.to1322! } : d))));
    }
    if (sc.why) expectedWhy.push(`${m.dir}/package.json ${sc.why.source}`);
  }
  if (repo.stray) {
    want.add(repo.stray.rel);
    const json = structuredClone(repo.stray.json);
    json.dependencies[SDK] = '1.32.2';
    expect(readFileSync(join(repo.dir, repo.stray.rel), 'utf8')).toBe(render(json, repo.root.format));
  }
  expect([...changed].sort()).toEqual([...want].sort());
  expectOnlyChanged(repo, before, changed);

  // Each unchanged, refused spec has exactly one finding saying why.
  const leftAlone = plan.findings.filter((f) => /left as it is/.test(f.message));
  expect(leftAlone.length).toBe(expectedWhy.length);
  for (const w of expectedWhy) {
    const [file, why] = w.split(' ');
    expect(leftAlone.some((f) => f.file === file && new RegExp(why).test(f.message)), w).toBe(true);
  }
  expect(plan.installCommand).toBe(
    { npm: 'npm install --package-lock-only --ignore-scripts', pnpm: 'pnpm install --lockfile-only --ignore-scripts', 'yarn-v1': 'yarn install --ignore-scripts', 'yarn-berry': 'yarn install --mode=update-lockfile' }[repo.manager],
  );

  // Idempotent: the rewritten tree plans nothing more.
  expect(planPins(repo.dir, { to: '1.32.2', cwd: repo.dir }).changes).toEqual([]);
}

/** Generated member kinds whose sources still import the v1 SDK (gen.ts IMPORTS 0 and 1). */
const STILL_V1 = new Set([0, 1]);

function checkToV2(repo: Repo) {
  const before = snapshot(repo);
  const plan = planPins(repo.dir, { to: 'v2', cwd: repo.dir });
  const changed = apply(repo, plan);
  const want = new Set<string>();
  const needs: Record<number, string[]> = { 0: [NODE, SERVER], 1: [CLIENT], 2: [EXPRESS, SERVER] };
  const catalogNeeds = new Map<string, { pkgs: Set<string>; kept: boolean }>();
  for (const m of repo.members) {
    const sdk = m.deps.find((d) => d.pkg === SDK);
    if (!sdk || !m.specCase) continue;
    const follows = sdk.spec.startsWith('catalog:');
    if (!follows && !m.specCase.v2) continue;
    const style = follows ? () => sdk.spec : m.specCase.v2!;
    // The v1 SDK stays while the member's sources import it; the v2 packages come beside it.
    const keep = STILL_V1.has(m.kind) ? [sdk] : [];
    const deps = m.deps.flatMap((d) => (d === sdk ? [...keep, ...needs[m.kind].map((pkg) => ({ section: d.section, pkg, spec: style(LATEST[pkg]) }))] : [d]));
    want.add(`${m.dir}/package.json`);
    expect(readFileSync(join(repo.dir, m.dir, 'package.json'), 'utf8'), m.dir).toBe(memberWith(m, deps));
    if (follows) {
      const c = catalogNeeds.get(sdk.spec) ?? { pkgs: new Set<string>(), kept: false };
      for (const p of needs[m.kind]) c.pkgs.add(p);
      c.kept ||= keep.length > 0;
      catalogNeeds.set(sdk.spec, c);
    }
    if (keep.length) expect(plan.findings.some((f) => f.file === `${m.dir}/package.json` && /kept beside the v2 packages: 1 source still imports it/.test(f.message)), m.dir).toBe(true);
  }
  if (catalogNeeds.size) {
    // Each catalog gains what its followers import, in the entry's own range style; the v1
    // entry stays while a follower keeps it; every other byte of the file stays.
    want.add('pnpm-workspace.yaml');
    const text = readFileSync(join(repo.dir, 'pnpm-workspace.yaml'), 'utf8');
    const js = parseYaml(text);
    const styles: Record<string, [string[], (v: string) => string, string]> = {
      'catalog:': [['catalog'], (v) => `^${v}`, repo.catalog!.defaultSpec],
      'catalog:legacy': [['catalogs', 'legacy'], (v) => v, repo.catalog!.legacySpec],
    };
    for (const [ref, { pkgs, kept }] of catalogNeeds) {
      const [path, style, v1] = styles[ref];
      const cat = path.reduce((o, k) => o[k], js);
      for (const p of pkgs) expect(cat[p], `${ref} ${p}`).toBe(style(LATEST[p]));
      expect(cat[SDK]).toBe(kept ? v1 : undefined);
    }
    const lines = before.get('pnpm-workspace.yaml')!.split('\n');
    const after = text.split('\n');
    let k = 0;
    for (const line of after) if (line === lines[k]) k++;
    expect(k, 'every original line is still there, in order').toBe(lines.length);
  }
  if (repo.members.some((m) => m.name === 'hoisted-app')) {
    want.add('package.json');
    const rootJson = structuredClone(repo.root.json);
    rootJson.devDependencies = { [SDK]: '^1.12.0', [CLIENT]: '^2.4.0' };
    expect(readFileSync(join(repo.dir, 'package.json'), 'utf8')).toBe(render(rootJson, repo.root.format));
    expect(plan.findings.some((f) => f.file === 'package.json' && /hoisted members .*: hoisted-app$/.test(f.message))).toBe(true);
  } else {
    expect(plan.findings.some((f) => f.file === 'package.json' && /no source of root imports an MCP package/.test(f.message))).toBe(true);
  }
  expect([...changed].sort()).toEqual([...want].sort());
  expectOnlyChanged(repo, before, changed);
  expect(planPins(repo.dir, { to: 'v2', cwd: repo.dir }).changes).toEqual([]);
}

const CASES: [Manager, number, boolean][] = [
  ['npm', 1, false],
  ['npm', 13, true],
  ['npm', 200, false],
  ['yarn-v1', 13, true],
  ['yarn-berry', 13, false],
  ['pnpm', 13, true],
  ['pnpm', 200, false],
];

describe.each(CASES)('%s monorepo with %i workspaces (extras: %s)', (manager, count, extras) => {
  it('reports every pin exactly', () => {
    const repo = make(manager, count, extras);
    const plan = planPins(repo.dir, { cwd: repo.dir });
    checkReport(repo, plan);
    expect(plan.changes).toEqual([]);
    expect(plan.manager).toBe(manager === 'yarn-v1' ? 'yarn' : manager);
    // Workspace graph: every m(5k+4) depends on m0.
    for (const g of plan.graph) expect(g.dependsOn, g.workspace).toEqual(Number(g.workspace.slice('packages/m'.length)) % 5 === 4 ? ['packages/m0'] : []);
    // One warning per pin that lacks 2026-07-28, except members that follow a catalog entry.
    const lacking = plan.pins.filter((p) => p.protocol === 'no' && !p.spec.startsWith('catalog:'));
    expect(plan.findings.filter((f) => /does not ship the 2026-07-28 protocol/.test(f.message)).length).toBe(lacking.length);
  });

  it('--to 1.32.2 rewrites every v1 pin in its own style, idempotently', () => {
    checkTo1322(make(manager, count, extras));
  });

  it('--to v2 gives each member the v2 packages it imports (the v1 SDK stays while sources import it), catalogs split too, idempotently', () => {
    checkToV2(make(manager, count, extras));
  });
});

describe('targets and refusals', () => {
  it('package@version targets move only the named packages', () => {
    const repo = make('npm', 5);
    const plan = planPins(repo.dir, { to: `${SERVER}@2.4.0,${CLIENT}@2.4.0`, cwd: repo.dir });
    expect(plan.changes.map((c) => c.rel)).toEqual(['packages/m3/package.json']);
    const m3 = repo.members[3];
    expect(plan.changes[0].after).toBe(
      memberWith(m3, m3.deps.map((d) => ({ ...d, spec: d.pkg === SERVER ? '^2.4.0' : d.pkg === CLIENT ? '2.4.0' : d.spec }))),
    );
  });

  it('rejects a malformed --to', () => {
    const repo = make('npm', 1);
    expect(() => planPins(repo.dir, { to: 'latest' })).toThrow(/--to takes v2/);
    expect(() => planPins(repo.dir, { to: 'left-pad@1.0.0' })).toThrow(/not an MCP SDK package/);
  });
});
