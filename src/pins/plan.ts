/**
 * `pins`: every MCP SDK pin in every manifest under a root, what its version supports, and —
 * with `to` — the manifest edits that move them. Reads top-down: discover → collect pins
 * (npm sections, overrides, catalogs, Python, Go) → resolve from lockfiles → judge against the
 * facts table → (with `to`) plan the edits, refusing what we cannot prove → report.
 * Nothing is written here: callers hand `changes` to the shared change sink.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import semver from 'semver';
import type { Finding, Severity } from '../findings.ts';
import { hashBytes } from '../engine/read.ts';
import { catalogName, editCatalogs, readCatalogs, readYamlOverrides, type CatalogEntry, type YamlEdit } from './catalog.ts';
import { dirOf, discover, workspaceName, type Discovery, type Manifest, type PnpmWorkspaceFile, type WorkspaceRoot } from './discover.ts';
import { CARRIER_PACKAGES, FACTS, factsFor, floorText, MCP_NPM_PACKAGES, supportOf } from './facts.ts';
import { GO_SDK, readGoMod } from './go.ts';
import { ownedSources, scanImports, type ImportScan } from './imports.ts';
import { installCommand } from './install.ts';
import { editJson, JsonEditError, positionOf, type JsonOp } from './json-edit.ts';
import { readLockfiles, type Lockfile } from './lockfile.ts';
import { lowestPyVersion, readPyproject, readRequirements } from './python.ts';
import { classifySpec, lowestVersion, refusalReason, rewriteSpec, sameMajor } from './range.ts';
import type { PackageManager, PinChange, PinRecord } from './types.ts';

export type { PinRecord, PinChange } from './types.ts';

export interface PlanOptions {
  /** `v2`, a version (`2.4.0`: every MCP pin on that major line), or `pkg@version[,pkg@version]`. */
  to?: string;
  /** Paths in records and findings are relative to this directory (default: process.cwd()). */
  cwd?: string;
}

export interface PinsPlan {
  root: string;
  manager: PackageManager;
  pins: PinRecord[];
  changes: PinChange[];
  findings: Finding[];
  /** Refreshes the lockfile(s) after the changes are written; set when there are changes. */
  installCommand?: string;
  /** Lockfiles read, relative to cwd. After a write they are stale until the install runs. */
  lockfiles: string[];
  /** Workspace graph: member (relative dir) → members it depends on. */
  graph: { workspace: string; dependsOn: string[] }[];
}

export class PinsUsageError extends Error {}

const DEP_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
const MCP = new Set(MCP_NPM_PACKAGES);
const V1 = '@modelcontextprotocol/sdk';
/** The package an override/resolution key targets: `a>b`, `**\/b`, `b@^1`, `b`. */
const OVERRIDE_KEY_RE = /(@modelcontextprotocol\/[\w.-]+)(?:@[^/>]*)?$/;

type Target = { kind: 'v2' } | { kind: 'version'; version: string } | { kind: 'packages'; versions: Map<string, string> };

function parseTarget(to: string | undefined): Target | undefined {
  if (to === undefined) return undefined;
  const t = to.trim();
  if (t === 'v2') return { kind: 'v2' };
  if (semver.valid(t)) return { kind: 'version', version: semver.valid(t)! };
  const versions = new Map<string, string>();
  for (const part of t.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = part.lastIndexOf('@');
    const name = at > 0 ? part.slice(0, at) : '';
    const v = at > 0 ? semver.valid(part.slice(at + 1)) : null;
    if (!name || !v) throw new PinsUsageError(`--to takes v2, a version (2.4.0) or package@version[,package@version], got "${to}"`);
    if (!MCP.has(name)) throw new PinsUsageError(`--to: ${name} is not an MCP SDK package; known: ${MCP_NPM_PACKAGES.join(', ')}`);
    versions.set(name, v);
  }
  if (!versions.size) throw new PinsUsageError(`--to takes v2, a version (2.4.0) or package@version[,package@version], got "${to}"`);
  return { kind: 'packages', versions };
}

/** The same hash the write path re-checks before writing (stale-file refusal). */
function readHash(text: string): string {
  return hashBytes(text);
}

function posix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** One pin as found, before paths are made cwd-relative. */
interface RawPin {
  record: PinRecord;
  manifest?: Manifest;
  /** JSON path of the value in a package.json. */
  path?: string[];
  catalogEntry?: CatalogEntry;
  /** The pnpm-workspace.yaml a catalog or override entry lives in. */
  yamlFile?: PnpmWorkspaceFile;
}

class Planner {
  readonly findings: Finding[] = [];
  readonly pins: RawPin[] = [];
  private readonly locksByDir = new Map<string, Lockfile[]>();
  private readonly lockRels = new Set<string>();
  private readonly scans = new Map<string, ImportScan>();
  private readonly trees = new Map<string, Node | undefined>();
  /** Catalog entries per workspace root directory. */
  private readonly catalogs = new Map<string, CatalogEntry[]>();

  readonly d: Discovery;
  readonly display: (rootRel: string) => string;

  constructor(d: Discovery, display: (rootRel: string) => string) {
    this.d = d;
    this.display = display;
  }

  finding(rootRel: string, pos: { line: number; column: number }, severity: Severity, message: string, resolution: 'fixed' | 'manual' = 'manual') {
    this.findings.push({ rule: 'pins', category: 'sdk-pin', severity, file: this.display(rootRel), line: pos.line, column: pos.column, message, resolution });
  }

  locks(dir: string): Lockfile[] {
    let l = this.locksByDir.get(dir);
    if (!l) {
      const r = readLockfiles(this.d.root, dir, this.d.otherFiles);
      for (const p of r.problems) this.finding(p.rel, { line: 1, column: 1 }, 'warning', p.message);
      l = r.locks;
      for (const lock of l) this.lockRels.add(lock.rel);
      this.locksByDir.set(dir, l);
    }
    return l;
  }

  lockfileRels(): string[] {
    return [...this.lockRels].sort();
  }

  /** Root and members share their workspace root's lockfile; a stray manifest only has its own. */
  locksFor(m: Manifest): { locks: Lockfile[]; dir: string } {
    if (m.role === 'stray' || m.wsRoot === undefined) return { locks: this.locks(m.dir), dir: '' };
    const base = m.wsRoot;
    return { locks: this.locks(base), dir: base === '' ? m.dir : m.dir === base ? '' : m.dir.slice(base.length + 1) };
  }

  /** The workspace root a manifest belongs to (a stray is its own). */
  rootOf(m: Manifest): WorkspaceRoot | undefined {
    return m.wsRoot === undefined ? undefined : this.d.workspaceRoots.find((r) => r.dir === m.wsRoot);
  }

  tree(m: Manifest): Node | undefined {
    if (!this.trees.has(m.rel)) this.trees.set(m.rel, parseTree(m.text.replace(/^\uFEFF/, '')));
    return this.trees.get(m.rel);
  }

  scan(dir: string): ImportScan {
    let s = this.scans.get(dir);
    if (!s) {
      s = scanImports(this.d.root, ownedSources(dir, this.d.sources, this.d.packageDirs));
      this.scans.set(dir, s);
    }
    return s;
  }

  // ---- collect -------------------------------------------------------------------------

  collectNpm(m: Manifest) {
    const catalogs = (m.wsRoot !== undefined && this.catalogs.get(m.wsRoot)) || [];
    const { locks, dir } = this.locksFor(m);
    const add = (section: string, pkg: string, spec: unknown, path: string[], carrier = false) => {
      if (typeof spec !== 'string') return;
      const pos = positionOf(m.text, path, this.tree(m));
      const record: PinRecord = {
        ecosystem: 'npm',
        manifest: m.rel,
        workspace: workspaceName(m),
        role: m.role,
        package: pkg,
        section,
        spec,
        protocol: 'unknown',
        iss: 'unknown',
        ...pos,
        ...(carrier ? { carrier: true } : {}),
      };
      if (spec.trim().startsWith('catalog:')) {
        const name = catalogName(spec);
        const entry = catalogs.find((c) => c.catalog === name && c.package === pkg);
        if (entry?.spec !== undefined) record.catalogSpec = entry.spec;
      }
      // Aliases install another package; file:/link:/workspace: point at local code.
      const isDep = (DEP_SECTIONS as readonly string[]).includes(section) && !/^(npm|file|link|portal|workspace):/.test(spec.trim());
      for (const lock of locks) {
        const v = isDep ? lock.resolve(dir, pkg, spec, section) : undefined;
        if (v) {
          record.resolved = v;
          record.lockfile = lock.rel;
          break;
        }
      }
      this.pins.push({ record, manifest: m, path });
    };

    for (const section of DEP_SECTIONS) {
      const sec = m.json[section];
      if (!sec || typeof sec !== 'object') continue;
      for (const pkg of MCP_NPM_PACKAGES) if (pkg in sec) add(section, pkg, sec[pkg], [section, pkg]);
      for (const pkg of CARRIER_PACKAGES) if (pkg in sec) add(section, pkg, sec[pkg], [section, pkg], true);
    }
    // npm overrides nest: { "a": { "@mcp/sdk": "1.2.3" } }, { "@mcp/sdk": { ".": "1.2.3" } }.
    const walkOverrides = (obj: unknown, path: string[], depth: number) => {
      if (!obj || typeof obj !== 'object' || depth > 8) return;
      for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
        const pkg = OVERRIDE_KEY_RE.exec(key)?.[1];
        if (pkg && MCP.has(pkg)) {
          if (typeof value === 'string') add('overrides', pkg, value, [...path, key]);
          else if (value && typeof value === 'object' && typeof (value as any)['.'] === 'string') add('overrides', pkg, (value as any)['.'], [...path, key, '.']);
        }
        walkOverrides(value, [...path, key], depth + 1);
      }
    };
    walkOverrides(m.json.overrides, ['overrides'], 0);
    for (const [section, path] of [['resolutions', ['resolutions']], ['pnpm.overrides', ['pnpm', 'overrides']]] as const) {
      let obj: any = m.json;
      for (const p of path) obj = obj?.[p];
      if (!obj || typeof obj !== 'object') continue;
      for (const [key, value] of Object.entries(obj)) {
        const pkg = OVERRIDE_KEY_RE.exec(key)?.[1];
        if (pkg && MCP.has(pkg)) add(section, pkg, value, [...path, key]);
      }
    }
  }

  /** Catalog and `overrides` entries of every workspace root's pnpm-workspace.yaml. */
  collectWorkspaceYaml() {
    for (const root of this.d.workspaceRoots) {
      const pw = root.pnpmWorkspace;
      if (!pw) continue;
      const catalogs = readCatalogs(pw.doc, pw.text, (n) => MCP.has(n));
      this.catalogs.set(root.dir, catalogs);
      const workspace = root.dir || '.';
      for (const [role, entries] of [['catalog', catalogs], ['root', readYamlOverrides(pw.doc, pw.text, (n) => MCP.has(n))]] as const) {
        for (const entry of entries) {
          this.pins.push({
            record: {
              ecosystem: 'npm',
              manifest: pw.rel,
              workspace,
              role,
              package: entry.package,
              section: entry.section,
              spec: entry.spec ?? '(alias)',
              protocol: 'unknown',
              iss: 'unknown',
              line: entry.line,
              column: entry.column,
            },
            catalogEntry: entry,
            yamlFile: pw,
          });
        }
      }
    }
  }

  /** A Python or Go manifest's directory and text; an unreadable one becomes a finding. */
  private readOther(rel: string): { dir: string; text?: string } {
    const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    try {
      return { dir, text: readFileSync(join(this.d.root, rel), 'utf8') };
    } catch (err) {
      this.finding(rel, { line: 1, column: 1 }, 'warning', `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'}): its pins are not reported`);
      return { dir };
    }
  }

  collectPython(rel: string) {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const { dir, text } = this.readOther(rel);
    if (text === undefined) return;
    const pins = name === 'pyproject.toml' ? readPyproject(text) : readRequirements(text);
    if (!pins.length) return;
    const locks = this.locks(dir).filter((l) => l.kind === 'uv' || l.kind === 'poetry');
    for (const p of pins) {
      const record: PinRecord = {
        ecosystem: 'pypi',
        manifest: rel,
        workspace: dir || '.',
        role: dir ? 'stray' : 'root',
        package: 'mcp',
        section: p.section,
        spec: p.spec,
        protocol: 'unknown',
        iss: 'unknown',
        line: p.line,
        column: p.column,
      };
      for (const lock of locks) {
        const v = lock.resolve('', 'mcp', p.spec, p.section);
        if (v) {
          record.resolved = v;
          record.lockfile = lock.rel;
          break;
        }
      }
      this.pins.push({ record });
    }
  }

  collectGo(rel: string) {
    const { dir, text } = this.readOther(rel);
    if (text === undefined) return;
    for (const p of readGoMod(text)) {
      this.pins.push({
        record: {
          ecosystem: 'go',
          manifest: rel,
          workspace: dir || '.',
          role: dir ? 'stray' : 'root',
          package: GO_SDK,
          section: p.section === 'require' && p.indirect ? 'require (indirect)' : p.section,
          spec: p.version,
          // go.mod lists the selected version (minimal version selection): it is the resolution.
          resolved: p.section === 'require' && p.version.startsWith('v') ? p.version : undefined,
          lockfile: p.section === 'require' ? rel : undefined,
          protocol: 'unknown',
          iss: 'unknown',
          line: p.line,
          column: p.column,
        },
      });
    }
  }

  // ---- judge ---------------------------------------------------------------------------

  judge() {
    for (const { record: r } of this.pins) {
      const version =
        r.resolved ??
        (r.ecosystem === 'npm'
          ? lowestVersion(r.catalogSpec ?? r.spec) ?? undefined
          : r.ecosystem === 'pypi'
            ? lowestPyVersion(r.spec)
            : semver.valid(r.spec, { loose: true }) ?? undefined);
      const s = supportOf(r.ecosystem, r.package, version);
      r.protocol = s.protocol;
      r.iss = s.iss;
      // A member following a catalog entry is reported against that entry, once.
      if (r.spec.trim().startsWith('catalog:')) continue;
      if (r.carrier) {
        this.judgeCarrier(r);
        continue;
      }
      if (s.protocol === 'no') {
        const facts = factsFor(r.ecosystem, r.package)!;
        const what = r.resolved ? `${r.resolved} (resolved)` : `${r.spec}`;
        const hint =
          r.package === V1 ? '; v2 packages do: mcp-migrate pins --to v2' : `; first version that does: ${floorText(facts.protocol)}`;
        const iss = s.iss === 'no' ? ' and does not validate the OAuth iss parameter' : '';
        this.finding(r.manifest, r, 'warning', `${r.package} ${what} does not ship the 2026-07-28 protocol${iss}${hint}`);
      }
    }
  }

  /** A framework that carries the SDK: what its version serves decides the workspace's migration. */
  private judgeCarrier(r: PinRecord) {
    const facts = factsFor('npm', r.package)!;
    const what = `${r.package} ${r.resolved ? `${r.resolved} (resolved)` : r.spec}`;
    const note = facts.note ? ` (${facts.note})` : '';
    if (r.protocol === 'no') {
      const next = facts.protocol === 'never' ? `no release through ${facts.latest} does` : `${r.package} ${floorText(facts.protocol)} does`;
      this.finding(r.manifest, r, 'warning', `MCP via ${what}: it does not serve the 2026-07-28 protocol; ${next}${note}`);
    } else if (r.protocol === 'yes') {
      const iss = r.iss === 'yes' ? '; its OAuth client validates iss' : '';
      this.finding(r.manifest, r, 'info', `MCP via ${what}: serves the 2026-07-28 protocol${iss}${note}`);
    } else {
      this.finding(r.manifest, r, 'info', `MCP via ${what}: whether it serves 2026-07-28 depends on the version (${floorText(facts.protocol)} does); pin a version to know${note}`);
    }
  }

  // ---- plan edits ----------------------------------------------------------------------

  plan(target: Target): PinChange[] {
    const opsByManifest = new Map<Manifest, JsonOp[]>();
    const yamlEdits = new Map<PnpmWorkspaceFile, YamlEdit[]>();
    const push = (m: Manifest, op: JsonOp) => {
      const list = opsByManifest.get(m) ?? [];
      list.push(op);
      opsByManifest.set(m, list);
    };
    const pushYaml = (file: PnpmWorkspaceFile, edit: YamlEdit) => {
      const list = yamlEdits.get(file) ?? [];
      list.push(edit);
      yamlEdits.set(file, list);
    };

    const versionFor = (pkg: string, spec: string): string | undefined => {
      if (target.kind === 'packages') return target.versions.get(pkg);
      if (target.kind === 'version') return sameMajor(spec, target.version) || refusalReason(spec) ? target.version : undefined;
      return undefined;
    };

    if (target.kind !== 'v2') {
      for (const pin of this.pins) {
        const r = pin.record;
        if (r.ecosystem !== 'npm' || r.carrier) continue;
        if (r.spec.trim().startsWith('catalog:')) continue; // follows its catalog entry
        const spec = pin.catalogEntry ? pin.catalogEntry.spec : r.spec;
        const version = spec === undefined ? (target.kind === 'packages' ? target.versions.get(r.package) : undefined) : versionFor(r.package, spec);
        if (!version) continue;
        if (pin.catalogEntry?.refuse || spec === undefined) {
          this.finding(r.manifest, r, 'warning', `${r.package} in ${r.section} left as it is: ${pin.catalogEntry?.refuse ?? 'no string value'}`);
          continue;
        }
        const next = this.bump(r, spec, version);
        if (next === undefined) continue;
        r.proposed = next;
        if (pin.catalogEntry) pushYaml(pin.yamlFile!, { entry: pin.catalogEntry, spec: next });
        else push(pin.manifest!, { op: 'set', path: pin.path!, value: next });
      }
    } else {
      this.planV2(push, pushYaml);
    }

    const changes: PinChange[] = [];
    this.changedRoots.clear();
    for (const [m, ops] of opsByManifest) {
      try {
        const after = editJson(m.text, ops);
        if (after !== m.text) {
          changes.push({ rel: m.rel, abs: m.abs, before: m.text, after, readHash: readHash(m.text) });
          // A stray manifest needs an install of its own only where it has a lockfile of its own.
          if (m.wsRoot !== undefined) this.changedRoots.add(m.wsRoot);
          else if (this.locks(m.dir).length) this.changedRoots.add(m.dir);
        }
      } catch (err) {
        if (!(err instanceof JsonEditError)) throw err;
        this.finding(m.rel, { line: 1, column: 1 }, 'error', `cannot edit: ${err.message}`);
        for (const p of this.pins) if (p.manifest === m) delete p.record.proposed;
      }
    }
    for (const [pw, edits] of yamlEdits) {
      try {
        const after = editCatalogs(pw.text, edits);
        if (after !== pw.text) {
          changes.push({ rel: pw.rel, abs: pw.abs, before: pw.text, after, readHash: readHash(pw.text) });
          this.changedRoots.add(dirOf(pw.rel));
        }
      } catch (err) {
        this.finding(pw.rel, { line: 1, column: 1 }, 'error', `cannot edit: ${(err as Error).message}`);
      }
    }
    return changes.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  }

  /** Workspace roots (or stray manifest directories) whose manifests the plan changes. */
  readonly changedRoots = new Set<string>();

  /** New spec for one pin, or undefined (unchanged, refused, or would downgrade: each reported). */
  private bump(r: PinRecord, spec: string, version: string): string | undefined {
    const low = lowestVersion(spec);
    if (low && semver.gt(low, version)) {
      this.finding(r.manifest, r, 'info', `${r.package} ${spec} in ${r.section} already admits only versions above ${version}; left as it is`);
      return undefined;
    }
    const next = rewriteSpec(spec, version);
    if ('refuse' in next) {
      this.finding(r.manifest, r, 'warning', `${r.package} ${JSON.stringify(spec)} in ${r.section} left as it is: ${next.refuse}`);
      return undefined;
    }
    return next.spec === spec ? undefined : next.spec;
  }

  /** Why a v1 pin with no MCP import in its sources is left: unknown needs, or a framework's. */
  private noImports(m: Manifest): string {
    const carriers = this.pins.filter((p) => p.manifest === m && p.record.carrier).map((p) => `${p.record.package} ${p.record.spec}`);
    if (carriers.length) return `${workspaceName(m)} reaches MCP via ${carriers.join(', ')}, which brings its own SDK; move that framework to a version that serves 2026-07-28 (see its pin)`;
    return `no source of ${workspaceName(m)} imports an MCP package, so the v2 packages it needs are unknown`;
  }

  private declared(m: Manifest): Set<string> {
    const out = new Set<string>();
    for (const s of DEP_SECTIONS) {
      const sec = m.json[s];
      if (sec && typeof sec === 'object') for (const k of Object.keys(sec)) out.add(k);
    }
    return out;
  }

  /**
   * What a manifest's own sources need from v2: the v2 packages they import (v1 subpaths
   * mapped), the files that still import the v1 SDK, and the v1 specifiers with no v2 home.
   * A hoisting root also counts members of its workspace that use MCP without declaring it.
   */
  private needs(m: Manifest) {
    const own = this.scan(m.dir);
    const packages = new Set(own.packages);
    const unmapped = [...own.unmapped];
    const v1Files = [...own.v1Files];
    const hoistedFor: string[] = [];
    if (m.role === 'root') {
      for (const mem of this.d.manifests) {
        if (mem.role !== 'member' || mem.wsRoot !== m.dir) continue;
        const s = this.scan(mem.dir);
        if ([...this.declared(mem)].some((k) => MCP.has(k)) || !s.usesMcp) continue;
        hoistedFor.push(workspaceName(mem));
        for (const p of s.packages) packages.add(p);
        unmapped.push(...s.unmapped);
        v1Files.push(...s.v1Files);
      }
    }
    for (const u of unmapped) {
      this.finding(u.file, { line: 1, column: 1 }, 'warning', `${u.specifier} has no v2 package; rewrite this import by hand (see the official codemod's migration guide)`);
    }
    return { packages: [...packages].sort(), v1Files, hoistedFor };
  }

  /**
   * The edit of one `@modelcontextprotocol/sdk` declaration under `--to v2`: the v2 packages
   * its sources need, in its place (each spec from `specFor`); the v1 SDK itself stays beside
   * them while any source still imports it (a dual-era legacy leg, or code not migrated yet),
   * so the package keeps building. Returns whether the v1 SDK stays.
   */
  private swap(m: Manifest, r: PinRecord, path: string[], need: { packages: string[]; v1Files: string[] }, specFor: (pkg: string) => string, push: (m: Manifest, op: JsonOp) => void): boolean {
    const have = this.declared(m);
    const entries: [string, string][] = need.packages.filter((pkg) => !have.has(pkg) && factsFor('npm', pkg)?.latest).map((pkg) => [pkg, specFor(pkg)]);
    const keep = need.v1Files.length > 0;
    push(m, { op: 'replace', parent: path.slice(0, -1), key: V1, entries: keep ? [[V1, r.spec], ...entries] : entries });
    const added = entries.map(([k, v]) => `${k}@${v}`).join(', ');
    if (keep) {
      r.proposed = entries.length ? `(kept; adds ${added})` : '(kept)';
      const n = need.v1Files.length;
      this.finding(m.rel, r, 'info', `${V1} kept beside the v2 packages: ${n} source${n === 1 ? '' : 's'} still import${n === 1 ? 's' : ''} it (first: ${this.display(need.v1Files[0])}); once they no longer do (mcp-migrate migrate --sdk v2), pins --to v2 drops it`);
    } else {
      r.proposed = entries.length ? `(replaced by ${added})` : '(removed: v2 packages already declared)';
    }
    this.checkPeers(m, need.packages, r);
    return keep;
  }

  /**
   * `--to v2`: each manifest's `@modelcontextprotocol/sdk` gets the v2 packages its own
   * sources import, in the same section and place, in the same range style (see `swap`).
   * A pnpm catalog entry is split the same way for the members that follow it.
   */
  private planV2(push: (m: Manifest, op: JsonOp) => void, pushYaml: (file: PnpmWorkspaceFile, edit: YamlEdit) => void) {
    for (const pin of this.pins) {
      const r = pin.record;
      if (r.ecosystem !== 'npm' || r.package !== V1 || r.carrier) continue;
      if (pin.catalogEntry && r.section !== 'overrides') {
        this.planCatalogV2(pin, push, pushYaml);
        continue;
      }
      if (!(DEP_SECTIONS as readonly string[]).includes(r.section)) {
        this.finding(r.manifest, r, 'info', `${V1} in ${r.section} left as it is: remove it once nothing depends on the v1 SDK`);
        continue;
      }
      if (r.spec.trim().startsWith('catalog:')) continue; // planned with its catalog entry
      const m = pin.manifest!;
      const reason = refusalReason(r.spec);
      if (reason) {
        this.finding(m.rel, r, 'warning', `${V1} ${JSON.stringify(r.spec)} in ${r.section} left as it is: ${reason}`);
        continue;
      }
      const need = this.needs(m);
      if (!need.packages.length) {
        this.finding(m.rel, r, 'warning', `${V1} in ${r.section} left as it is: ${this.noImports(m)}`);
        continue;
      }
      if (classifySpec(r.spec).kind !== 'range') this.finding(m.rel, r, 'info', `${V1} ${JSON.stringify(r.spec)} is not a plain range; the v2 packages get caret ranges`);
      this.swap(m, r, pin.path!, need, (pkg) => {
        const next = rewriteSpec(r.spec, factsFor('npm', pkg)!.latest!);
        return 'spec' in next ? next.spec : `^${factsFor('npm', pkg)!.latest}`;
      }, push);
      if (need.hoistedFor.length) {
        this.finding(m.rel, r, 'info', `root gets the v2 packages its hoisted members import without declaring them: ${need.hoistedFor.join(', ')}`, 'fixed');
      }
    }
  }

  /**
   * A catalog entry of the v1 SDK under `--to v2`: each member following it (`catalog:` or
   * `catalog:<name>`) gets the v2 packages it imports as references to the same catalog; the
   * catalog gains those packages (in the entry's range style) right after the entry, and the
   * entry goes once no follower keeps the v1 SDK.
   */
  private planCatalogV2(pin: RawPin, push: (m: Manifest, op: JsonOp) => void, pushYaml: (file: PnpmWorkspaceFile, edit: YamlEdit) => void) {
    const entry = pin.catalogEntry!;
    const r = pin.record;
    const rootDir = dirOf(pin.yamlFile!.rel);
    const followers = this.pins.filter(
      (p) =>
        p.manifest?.wsRoot === rootDir &&
        p.record.package === V1 &&
        (DEP_SECTIONS as readonly string[]).includes(p.record.section) &&
        p.record.spec.trim().startsWith('catalog:') &&
        catalogName(p.record.spec) === entry.catalog,
    );
    if (!followers.length) {
      this.finding(r.manifest, r, 'info', `${V1} in ${r.section} left as it is: no workspace member refers to it`);
      return;
    }
    const reason = entry.refuse ?? (entry.spec === undefined ? 'no string value' : refusalReason(entry.spec));
    if (reason) {
      this.finding(r.manifest, r, 'warning', `${V1} in ${r.section} left as it is, and so are the ${followers.length} members that follow it: ${reason}`);
      return;
    }
    const inCatalog = new Set((this.catalogs.get(rootDir) ?? []).filter((c) => c.catalog === entry.catalog).map((c) => c.package));
    const add = new Map<string, string>();
    let kept = false;
    for (const f of followers) {
      const m = f.manifest!;
      const need = this.needs(m);
      if (!need.packages.length) {
        this.finding(m.rel, f.record, 'warning', `${V1} in ${f.record.section} left as it is: ${this.noImports(m)}`);
        kept = true;
        continue;
      }
      if (this.swap(m, f.record, f.path!, need, () => f.record.spec.trim(), push)) kept = true;
      for (const pkg of need.packages) {
        const latest = factsFor('npm', pkg)?.latest;
        if (!latest || inCatalog.has(pkg)) continue;
        const next = rewriteSpec(entry.spec!, latest);
        add.set(pkg, 'spec' in next ? next.spec : `^${latest}`);
      }
    }
    if (add.size) pushYaml(pin.yamlFile!, { entry, insertAfter: [...add].sort(([a], [b]) => (a < b ? -1 : 1)) });
    if (!kept) pushYaml(pin.yamlFile!, { entry, remove: true });
    const added = [...add].map(([k, v]) => `${k}@${v}`).join(', ');
    r.proposed = kept ? (added ? `(kept; adds ${added})` : '(kept)') : added ? `(replaced by ${added})` : '(removed)';
  }

  /** Adapters need their framework as a peer; v2 needs zod >= 4.2 when the member pins zod. */
  private checkPeers(m: Manifest, pkgs: string[], at: PinRecord) {
    // A member can lean on what its workspace root declares (hoisting).
    const rootManifest = this.d.manifests.find((x) => x.role === 'root');
    const declaring = m.role === 'member' && rootManifest ? [rootManifest, m] : [m];
    const ranges: Record<string, string> = {};
    for (const src of declaring) for (const s of DEP_SECTIONS) Object.assign(ranges, src.json[s] ?? {});
    for (const pkg of pkgs) {
      for (const [peer, want] of Object.entries(factsFor('npm', pkg)?.peers ?? {})) {
        if (peer.startsWith('@modelcontextprotocol/')) continue;
        const got = ranges[peer];
        if (got === undefined) {
          this.finding(m.rel, at, 'warning', `${pkg} needs ${peer} ${want} as a peer dependency; ${workspaceName(m)} does not declare it`);
        } else if (!refusalReason(got) && semver.validRange(got) && !semver.intersects(got, want)) {
          this.finding(m.rel, at, 'warning', `${pkg} needs ${peer} ${want}; ${workspaceName(m)} declares ${got}`);
        }
      }
    }
    const zod = ranges.zod;
    if (zod !== undefined && !refusalReason(zod) && semver.validRange(zod) && !semver.intersects(zod, '>=4.2.0')) {
      this.finding(m.rel, at, 'warning', `the v2 packages need zod >=4.2.0; ${workspaceName(m)} declares zod ${zod}`);
    }
  }
}

/** One install per changed workspace root, each with its own package manager, nested ones from their directory. */
function installCommands(d: Discovery, roots: Set<string>): string {
  return [...roots]
    .sort()
    .map((dir) => {
      const cmd = installCommand(d.workspaceRoots.find((r) => r.dir === dir)?.manager ?? d.manager);
      return dir === '' ? cmd : `(cd ${JSON.stringify(dir)} && ${cmd})`;
    })
    .join(' && ');
}

/** Plan (and report) the MCP SDK pins under `root`. Pure apart from reading files. */
export function planPins(root: string, options: PlanOptions = {}): PinsPlan {
  const target = parseTarget(options.to);
  const absRoot = resolve(root);
  const cwd = resolve(options.cwd ?? process.cwd());
  const display = (rootRel: string) => {
    const rel = posix(relative(cwd, join(absRoot, rootRel)));
    return rel === '' ? '.' : rel;
  };
  const d = discover(absRoot);
  const p = new Planner(d, display);
  for (const problem of d.problems) p.finding(problem.rel, { line: 1, column: 1 }, 'error', problem.message);

  p.collectWorkspaceYaml();
  for (const m of d.manifests) p.collectNpm(m);
  for (const rel of d.otherFiles) {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (name === 'pyproject.toml' || /^requirements[\w.-]*\.txt$/.test(name)) p.collectPython(rel);
    else if (name === 'go.mod') p.collectGo(rel);
  }
  p.judge();
  const changes = target ? p.plan(target) : [];

  const order = (r: PinRecord) => `${r.manifest}\u0000${String(r.line).padStart(8, '0')}\u0000${r.package}`;
  const pins = p.pins
    .map((x) => x.record)
    .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
    .map((r) => ({ ...r, manifest: display(r.manifest), ...(r.lockfile ? { lockfile: display(r.lockfile) } : {}) }));
  const findings = p.findings.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  return {
    root: absRoot,
    manager: d.manager,
    pins,
    changes: changes.map((c) => ({ ...c, rel: display(c.rel) })),
    findings,
    installCommand: p.changedRoots.size ? installCommands(d, p.changedRoots) : changes.length ? installCommand(d.manager) : undefined,
    lockfiles: p.lockfileRels().map(display),
    graph: [...d.graph].filter(([dir]) => dir !== '').map(([dir, deps]) => ({ workspace: dir, dependsOn: deps })),
  };
}

/** Facts rows, for `pins --facts`-style listings and the audit appendix. */
export { FACTS };
