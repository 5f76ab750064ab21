/**
 * JSON renderings of the audit report (schema: docs/audit-json-schema.md).
 *
 * - `renderAuditJson`: one document (`--format json`), keys in a fixed order so output is
 *   byte-stable for the same tree: schema, schemaVersion, tool, transforms, pinsScanned,
 *   summary, parts, workspaces, findings, pins, markers, errors.
 * - `renderAuditNdjson`: newline-delimited records tagged with `type` (`--json`, the common
 *   flag), so the outputs of `--shard` runs concatenate: one `workspace` record per
 *   workspace, then `finding`, `pin`, `marker`, `error` records, then one `summary`.
 */
import type { AuditFinding, AuditMarker, AuditPin, AuditReport, Counts, PartSummary, WorkspaceSummary } from './audit-model.ts';

const counts = (c: Counts) => ({
  findings: c.findings,
  fixable: c.fixable,
  manual: c.manual,
  bySeverity: { error: c.bySeverity.error, warning: c.bySeverity.warning, info: c.bySeverity.info },
});

export function findingJson(f: AuditFinding) {
  return {
    workspace: f.workspace,
    file: f.file,
    line: f.line,
    column: f.column,
    severity: f.severity,
    part: f.part,
    category: f.category,
    rule: f.rule,
    message: f.message,
    resolution: f.resolution,
    fixable: f.fixable,
    fixedBy: f.fixedBy,
    marker: f.marker,
  };
}

export function pinJson(p: AuditPin) {
  return {
    workspace: p.workspacePath,
    workspaceName: p.workspace,
    manifest: p.manifest,
    line: p.line,
    column: p.column,
    ecosystem: p.ecosystem,
    role: p.role,
    package: p.package,
    carrier: p.carrier === true,
    section: p.section,
    spec: p.spec,
    catalogSpec: p.catalogSpec ?? null,
    resolved: p.resolved ?? null,
    lockfile: p.lockfile ?? null,
    protocol: p.protocol,
    iss: p.iss,
    proposed: p.proposed ?? null,
  };
}

export function markerJson(m: AuditMarker) {
  return { workspace: m.workspace, file: m.file, line: m.line, kind: m.kind, rule: m.rule, text: m.text };
}

export function workspaceJson(w: WorkspaceSummary) {
  return { name: w.name, path: w.path, ...counts(w), byCategory: w.byCategory, pins: w.pins, markers: w.markers };
}

export function partJson(p: PartSummary) {
  return { id: p.id, number: p.number, title: p.title, ...counts(p), byCategory: p.byCategory };
}

export function summaryJson(r: AuditReport) {
  const s = r.summary;
  return {
    files: s.files,
    workspaces: s.workspaces,
    ...counts(s),
    byCategory: s.byCategory,
    markers: s.markers,
    markersByKind: { marker: s.markersByKind.marker, ignore: s.markersByKind.ignore, official: s.markersByKind.official },
    pins: s.pins,
    pinsWithoutProtocol: s.pinsWithoutProtocol,
    errors: s.errors,
  };
}

export function auditJsonDocument(r: AuditReport) {
  return {
    schema: r.schema,
    schemaVersion: r.schemaVersion,
    tool: { name: r.tool.name, version: r.tool.version },
    transforms: r.transforms,
    pinsScanned: r.pinsScanned,
    summary: summaryJson(r),
    parts: r.parts.map(partJson),
    workspaces: r.workspaces.map(workspaceJson),
    findings: r.findings.map(findingJson),
    pins: r.pins.map(pinJson),
    markers: r.markers.map(markerJson),
    errors: r.errors.map((e) => ({ path: e.path, message: e.message })),
  };
}

export function renderAuditJson(r: AuditReport): string {
  return `${JSON.stringify(auditJsonDocument(r), null, 2)}\n`;
}

export function renderAuditNdjson(r: AuditReport): string {
  const line = (type: string, body: object) => `${JSON.stringify({ schema: r.schemaVersion, type, ...body })}\n`;
  return (
    r.workspaces.map((w) => line('workspace', workspaceJson(w))).join('') +
    r.findings.map((f) => line('finding', findingJson(f))).join('') +
    r.pins.map((p) => line('pin', pinJson(p))).join('') +
    r.markers.map((m) => line('marker', markerJson(m))).join('') +
    r.errors.map((e) => line('error', { path: e.path, message: e.message })).join('') +
    line('summary', { command: 'audit', ...summaryJson(r) })
  );
}
