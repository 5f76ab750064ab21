/**
 * The audit report: what every format renders (text, json, sarif, markdown). Built from one
 * run of the transforms in preview mode (so audit and migrate cannot disagree), the markers
 * already in the tree, and (when the pins module provides them) the SDK pins of every
 * workspace.
 *
 * Three parts, in this order everywhere:
 *   1. session state (SEP-2567): servers on session state, by the SEP's categories;
 *   2. OAuth clients and issuer validation (SEP-2468, RFC 9207);
 *   3. SDK pins;
 * then "other" 2026-07-28 changes (e.g. the resource-not-found error code).
 *
 * Every path in the report is relative to the audit root (the working directory), POSIX
 * separators. Ordering is total and stable: workspaces by path; findings by workspace path,
 * file, line, column, rule, message; markers by file, line, kind; pins by manifest, line.
 * The JSON rendering of this model is documented in docs/audit-json-schema.md; bump
 * AUDIT_SCHEMA_VERSION for any incompatible change (additive fields keep the version).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, Severity } from '../findings.ts';
import { compareFindings, SEVERITY_RANK } from '../findings.ts';
import type { MarkerHit } from '../engine/markers-scan.ts';
import type { PinRecord } from '../pins/types.ts';

export const AUDIT_SCHEMA_ID = 'mcp-migrate/audit';
export const AUDIT_SCHEMA_VERSION = 1;

// ---------------------------------------------------------------------------------------
// Parts and categories
// ---------------------------------------------------------------------------------------

export type PartId = 'session-state' | 'oauth-iss' | 'sdk-pins' | 'other';

export interface PartInfo {
  id: PartId;
  /** Position in every rendering, 1-based. */
  number: number;
  title: string;
  /** One line under the title: what the part answers. */
  question: string;
}

export const PARTS: readonly PartInfo[] = [
  {
    id: 'session-state',
    number: 1,
    title: 'Session state (SEP-2567)',
    question: 'Which servers rely on the removed protocol session, and how; which clients still hold a session id.',
  },
  {
    id: 'oauth-iss',
    number: 2,
    title: 'OAuth clients and issuer validation (SEP-2468, RFC 9207)',
    question: 'Which OAuth clients skip the authorization-response `iss` check or the metadata issuer check.',
  },
  {
    id: 'sdk-pins',
    number: 3,
    title: 'SDK pins',
    question: 'Which MCP SDK versions each workspace pins, and whether they ship the 2026-07-28 changes.',
  },
  {
    id: 'other',
    number: 4,
    title: 'Other 2026-07-28 changes',
    question: 'Protocol details that changed outside sessions and OAuth (error codes, ...).',
  },
];

export interface CategoryInfo {
  part: PartId;
  /** Short label for tables. */
  label: string;
  /** What migrating means for this category (SEP-2567 survey table and the domain brief). */
  migration: string;
}

/**
 * Known categories, in report order. Findings with an unknown category (a transform that
 * landed after this table) are still reported, in `other`, under their own name.
 */
export const CATEGORIES: Readonly<Record<string, CategoryInfo>> = {
  'transport-map-routing': {
    part: 'session-state',
    label: 'Map<sessionId, transport> routing',
    migration: 'Per-request transport (v1 stateless idiom) or createMcpHandler (v2).',
  },
  'transport-setup-only': {
    part: 'session-state',
    label: 'transport setup only (id never read)',
    migration: 'Drop sessionIdGenerator (v1: sessionIdGenerator: undefined).',
  },
  'session-keyed-state': {
    part: 'session-state',
    label: 'session-keyed application state',
    migration: 'Explicit state handles minted by a create_* tool, or the auth principal.',
  },
  'gateway-sticky-routing': {
    part: 'session-state',
    label: 'gateway sticky routing on the session id',
    migration: 'Needs a designed replacement (routing on a handle or the principal): flagged, never rewritten.',
  },
  'session-auth-artifact': {
    part: 'session-state',
    label: 'auth artifacts keyed on the session id',
    migration: 'Server-generated nonce in the OAuth state parameter, or the token subject.',
  },
  'session-telemetry-key': {
    part: 'session-state',
    label: 'telemetry, logs, rate limits keyed by session id',
    migration: 'Key by the auth principal or a per-request correlation id.',
  },
  'stdio-process-state': {
    part: 'session-state',
    label: 'stdio process-lifetime state',
    migration: 'Fine on stdio; give state a handle before serving over HTTP.',
  },
  'sse-legacy-transport': {
    part: 'session-state',
    label: 'legacy HTTP+SSE transport',
    migration: 'Serve Streamable HTTP statelessly (createMcpHandler in v2).',
  },
  'mcp-agent-session': {
    part: 'session-state',
    label: 'agents McpAgent: a Durable Object per session',
    migration: 'A server factory served by createMcpHandler from agents/mcp/server (agents 0.20+, SDK v2).',
  },
  'client-session-handling': {
    part: 'session-state',
    label: 'clients holding or sending a session id',
    migration: 'Stop persisting/sending Mcp-Session-Id and calling terminateSession().',
  },
  'hand-rolled-oauth-client': {
    part: 'oauth-iss',
    label: 'hand-rolled OAuth client without iss check',
    migration: 'Record the expected issuer before redirecting; check iss before exchanging the code.',
  },
  'sdk-oauth-client': {
    part: 'oauth-iss',
    label: 'SDK OAuth client without iss',
    migration: 'v2: finishAuth(callbackParams) or finishAuth(code, iss); v1 has no iss validation.',
  },
  'oauth-metadata-discovery': {
    part: 'oauth-iss',
    label: 'AS metadata issuer not checked (RFC 8414 §3.3)',
    migration: 'Reject metadata whose issuer differs from the issuer the URL was built from.',
  },
  'oauth-compliant': {
    part: 'oauth-iss',
    label: 'client already validates iss',
    migration: 'Nothing to do.',
  },
  'sdk-pin': {
    part: 'sdk-pins',
    label: 'MCP SDK pin to upgrade or check',
    migration: '`mcp-migrate pins` explains each pin; `mcp-migrate pins --to v2` previews the manifest edits, `--write` applies them.',
  },
  'test-file-sites': {
    part: 'other',
    label: 'sites in test, mock and fixture files (not edited)',
    migration: 'The repo\'s own tests stay as they are; `--include-tests` migrates them too.',
  },
  'error-code': {
    part: 'other',
    label: 'resource-not-found error code (SEP-2164)',
    migration: '-32002 becomes -32602.',
  },
};

const CATEGORY_ORDER = new Map(Object.keys(CATEGORIES).map((c, i) => [c, i]));

export function categoryOf(f: Pick<Finding, 'category' | 'rule'>): string {
  return f.category ?? f.rule;
}

export function partOf(f: Pick<Finding, 'category' | 'rule'>): PartId {
  const known = CATEGORIES[categoryOf(f)];
  if (known) return known.part;
  if (f.rule === 'pins') return 'sdk-pins';
  return 'other';
}

export function compareCategories(a: string, b: string): number {
  const ia = CATEGORY_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER;
  const ib = CATEGORY_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER;
  return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
}

// ---------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------

/** A workspace package: the nearest package.json above a file, inside the audit root. */
export interface Workspace {
  /** `name` of its package.json; its path when it has none; `(no package.json)` for files outside any. */
  name: string;
  /** Directory relative to the audit root, POSIX; `.` for the root. */
  path: string;
}

export interface MarkerRecord extends MarkerHit {
  file: string;
}

export interface AuditMarker extends MarkerRecord {
  workspace: string;
}

export interface AuditFinding extends Finding {
  category: string;
  part: PartId;
  /** Workspace path (a key into `workspaces`). */
  workspace: string;
  /** `resolution === 'fixed'`: `mcp-migrate migrate` rewrites it. */
  fixable: boolean;
  /** The transform (or `pins`) that fixes it automatically; null for manual findings. */
  fixedBy: string | null;
  /** For manual findings: the marker comment `migrate` leaves (or left) above the code; null if none. */
  marker: string | null;
}

export type AuditPin = PinRecord & { workspacePath: string };

export interface Counts {
  findings: number;
  fixable: number;
  manual: number;
  bySeverity: Record<Severity, number>;
}

export interface WorkspaceSummary extends Workspace, Counts {
  byCategory: Record<string, number>;
  pins: number;
  markers: number;
}

export interface PartSummary extends PartInfo, Counts {
  /** Category → count, in category order; only categories with findings. */
  byCategory: Record<string, number>;
}

export interface AuditError {
  path: string;
  message: string;
}

export interface AuditReport {
  schema: string;
  schemaVersion: number;
  tool: { name: string; version: string };
  /** Transforms that ran (registry order). */
  transforms: string[];
  /** Whether the pins part was produced (false: the pins module was not available). */
  pinsScanned: boolean;
  summary: Counts & {
    files: number;
    workspaces: number;
    byCategory: Record<string, number>;
    markers: number;
    markersByKind: Record<MarkerHit['kind'], number>;
    pins: number;
    /** Pins whose version does not ship the 2026-07-28 protocol (`protocol: 'no'`). */
    pinsWithoutProtocol: number;
    errors: number;
  };
  parts: PartSummary[];
  workspaces: WorkspaceSummary[];
  findings: AuditFinding[];
  markers: AuditMarker[];
  pins: AuditPin[];
  errors: AuditError[];
}

// ---------------------------------------------------------------------------------------
// Workspaces
// ---------------------------------------------------------------------------------------

export const NO_WORKSPACE: Workspace = { name: '(no package.json)', path: '.' };

/**
 * Nearest package.json (name, path) for a root-relative POSIX file path. One existsSync per
 * directory ever looked at (cached), one read per package.json found; never looks above the
 * audit root.
 */
export function createWorkspaceResolver(rootAbs: string): (relFile: string) => Workspace {
  /** Directory → the package.json in that very directory (null: none). */
  const own = new Map<string, Workspace | null>();
  /** Directory → its nearest workspace (the answer, cached for every directory walked). */
  const nearest = new Map<string, Workspace>();
  const ownManifest = (dir: string): Workspace | null => {
    let hit = own.get(dir);
    if (hit !== undefined) return hit;
    hit = null;
    const manifest = join(rootAbs, dir, 'package.json');
    if (existsSync(manifest)) {
      let name = dir;
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (typeof parsed?.name === 'string' && parsed.name.trim()) name = parsed.name.trim();
      } catch {
        // An unreadable or invalid package.json still marks a package boundary; name it by path.
      }
      hit = { name, path: dir };
    }
    own.set(dir, hit);
    return hit;
  };
  const resolveDir = (dir: string): Workspace => {
    const walked: string[] = [];
    let current = dir;
    let found: Workspace = NO_WORKSPACE;
    for (;;) {
      const cached = nearest.get(current);
      if (cached) {
        found = cached;
        break;
      }
      walked.push(current);
      // Never read outside the audit root: files above it (`../x`) belong to no workspace.
      if (current === '..' || current.startsWith('../')) break;
      const hit = ownManifest(current);
      if (hit) {
        found = hit;
        break;
      }
      if (current === '.') break;
      const slash = current.lastIndexOf('/');
      current = slash < 0 ? '.' : current.slice(0, slash);
    }
    for (const d of walked) nearest.set(d, found);
    return found;
  };
  return (relFile) => {
    const slash = relFile.lastIndexOf('/');
    return resolveDir(slash < 0 ? '.' : relFile.slice(0, slash));
  };
}

// ---------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------

export interface AuditInputFinding extends Finding {
  fixedBy?: string | null;
  marker?: string | null;
}

export interface BuildInput {
  files: number;
  findings: AuditInputFinding[];
  markers: MarkerRecord[];
  /** Undefined: the pins part was not produced. */
  pins?: PinRecord[];
  /** The pins module's own findings (rule `pins`); default: derived from `pins` by pinFindings(). */
  pinFindings?: Finding[];
  errors: number | AuditError[];
  transforms?: string[];
  tool?: { name: string; version: string };
  /** Maps a root-relative file to its workspace; default: everything in `.`. */
  workspaceOf?: (relFile: string) => Workspace;
}

const emptyCounts = (): Counts => ({ findings: 0, fixable: 0, manual: 0, bySeverity: { error: 0, warning: 0, info: 0 } });

function add(c: Counts, f: AuditFinding): void {
  c.findings++;
  if (f.fixable) c.fixable++;
  else c.manual++;
  c.bySeverity[f.severity]++;
}

function sortedCategories(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort(([a], [b]) => compareCategories(a, b)));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Findings derived from pins when the caller has none from the pins module: one per pin whose
 * version does not ship the 2026-07-28 protocol, shaped like the pins module's own (manual:
 * `pins --to` proposes the edit, a person decides).
 */
export function pinFindings(pins: readonly PinRecord[]): AuditInputFinding[] {
  return pins
    .filter((p) => p.protocol === 'no')
    .map((p) => ({
      rule: 'pins',
      category: 'sdk-pin',
      severity: 'warning' as const,
      file: p.manifest,
      line: p.line,
      column: p.column,
      message:
        `${p.package} ${p.spec}${p.resolved ? ` (resolved ${p.resolved})` : ''} does not ship the 2026-07-28 protocol` +
        `${p.iss === 'no' ? ' nor client iss validation' : ''}; \`mcp-migrate pins --to v2\` proposes the upgrade`,
      resolution: 'manual' as const,
      marker: null,
    }));
}

export function buildAuditReport(input: BuildInput): AuditReport {
  const workspaceOf = input.workspaceOf ?? (() => ({ name: '.', path: '.' }));
  const workspaces = new Map<string, WorkspaceSummary>();
  const wsCategories = new Map<string, Map<string, number>>();
  const touch = (ws: Workspace): WorkspaceSummary => {
    let s = workspaces.get(ws.path);
    if (!s) {
      s = { name: ws.name, path: ws.path, ...emptyCounts(), byCategory: {}, pins: 0, markers: 0 };
      workspaces.set(ws.path, s);
      wsCategories.set(ws.path, new Map());
    }
    return s;
  };

  const pins: AuditPin[] = (input.pins ?? [])
    .map((p) => {
      const slash = p.manifest.lastIndexOf('/');
      const dir = slash < 0 ? '.' : p.manifest.slice(0, slash);
      const ws = p.manifest.endsWith('package.json') ? workspaceOf(p.manifest) : { name: p.workspace, path: dir };
      touch(ws).pins++;
      return { ...p, workspacePath: ws.path };
    })
    .sort((a, b) => cmp(a.manifest, b.manifest) || a.line - b.line || a.column - b.column || cmp(a.package, b.package));

  const all: AuditInputFinding[] = [...input.findings, ...(input.pinFindings ?? (input.pins ? pinFindings(input.pins) : []))];
  const findings: AuditFinding[] = all.map((f) => {
    const ws = workspaceOf(f.file);
    touch(ws);
    const category = categoryOf(f);
    const fixable = f.resolution === 'fixed';
    return {
      rule: f.rule,
      category,
      part: partOf(f),
      severity: f.severity,
      file: f.file,
      line: f.line,
      column: f.column,
      message: f.message,
      resolution: f.resolution,
      workspace: ws.path,
      fixable,
      fixedBy: fixable ? (f.fixedBy ?? f.rule) : null,
      marker: fixable ? null : (f.marker ?? null),
    };
  });
  findings.sort((a, b) => cmp(a.workspace, b.workspace) || compareFindings(a, b));

  const markers: AuditMarker[] = input.markers
    .map((m) => {
      const ws = workspaceOf(m.file);
      touch(ws).markers++;
      return { kind: m.kind, rule: m.rule, file: m.file, line: m.line, text: m.text, workspace: ws.path };
    })
    .sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.kind, b.kind) || cmp(a.rule, b.rule) || cmp(a.text, b.text));

  const total = emptyCounts();
  const byCategory = new Map<string, number>();
  const parts = new Map<PartId, { counts: Counts; cats: Map<string, number> }>(PARTS.map((p) => [p.id, { counts: emptyCounts(), cats: new Map() }]));
  for (const f of findings) {
    add(total, f);
    byCategory.set(f.category, (byCategory.get(f.category) ?? 0) + 1);
    const part = parts.get(f.part)!;
    add(part.counts, f);
    part.cats.set(f.category, (part.cats.get(f.category) ?? 0) + 1);
    add(workspaces.get(f.workspace)!, f);
    const wc = wsCategories.get(f.workspace)!;
    wc.set(f.category, (wc.get(f.category) ?? 0) + 1);
  }
  const workspaceList = [...workspaces.values()]
    .map((w) => ({ ...w, byCategory: sortedCategories(wsCategories.get(w.path)!) }))
    .sort((a, b) => cmp(a.path, b.path) || cmp(a.name, b.name));

  const errors: AuditError[] = typeof input.errors === 'number' ? [] : [...input.errors].sort((a, b) => cmp(a.path, b.path) || cmp(a.message, b.message));
  const markersByKind: Record<MarkerHit['kind'], number> = { marker: 0, ignore: 0, official: 0 };
  for (const m of markers) markersByKind[m.kind]++;

  return {
    schema: AUDIT_SCHEMA_ID,
    schemaVersion: AUDIT_SCHEMA_VERSION,
    tool: input.tool ?? { name: 'mcp-migrate', version: '0.0.0' },
    transforms: input.transforms ?? [],
    pinsScanned: input.pins !== undefined,
    summary: {
      files: input.files,
      workspaces: workspaceList.length,
      ...total,
      byCategory: sortedCategories(byCategory),
      markers: markers.length,
      markersByKind,
      pins: pins.length,
      pinsWithoutProtocol: pins.filter((p) => p.protocol === 'no').length,
      errors: typeof input.errors === 'number' ? input.errors : errors.length,
    },
    parts: PARTS.map((p) => ({ ...p, ...parts.get(p.id)!.counts, byCategory: sortedCategories(parts.get(p.id)!.cats) })),
    workspaces: workspaceList,
    findings,
    markers,
    pins,
    errors,
  };
}

/** True when a finding at or above `level` exists (audit --fail-on). */
export function tripsFailOn(report: Pick<AuditReport, 'findings'>, level: Severity | undefined): boolean {
  if (!level) return false;
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level]);
}

/** "N of M findings fixable automatically" — the one sentence every format shows. */
export function fixableSentence(report: AuditReport): string {
  const s = report.summary;
  return `${s.fixable} of ${s.findings} finding${s.findings === 1 ? '' : 's'} fixable automatically`;
}

export function workspaceByPath(report: AuditReport): Map<string, WorkspaceSummary> {
  return new Map(report.workspaces.map((w) => [w.path, w]));
}

export const MARKER_KIND_LABEL: Record<MarkerHit['kind'], string> = {
  marker: 'mcp-migrate marker',
  ignore: 'mcp-migrate-ignore',
  official: 'official codemod (@mcp-codemod-error)',
};

/** Removes the machine's absolute paths from free text (error messages from fs calls). */
export function scrubPaths(text: string, rootAbs: string, home?: string): string {
  let out = text;
  const variants = [rootAbs, rootAbs.replace(/\\/g, '/')].filter((v, i, a) => v && a.indexOf(v) === i);
  for (const v of variants) out = out.split(`${v}/`).join('').split(`${v}\\`).join('').split(v).join('.');
  if (home && home.length > 1) out = out.split(home).join('~');
  return out;
}
