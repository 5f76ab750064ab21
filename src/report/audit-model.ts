/**
 * The audit report: what every format renders. Built from one run of the transforms in
 * preview mode (so audit and migrate cannot disagree), the markers already in the tree,
 * and (when available) the SDK pins of every workspace.
 */
import type { Finding } from '../findings.ts';
import { compareFindings, SEVERITY_RANK, type Severity } from '../findings.ts';
import type { MarkerHit } from '../engine/markers-scan.ts';

export const AUDIT_SCHEMA = 1;

export interface MarkerRecord extends MarkerHit {
  file: string;
}

export interface AuditReport {
  schema: number;
  findings: Finding[];
  markers: MarkerRecord[];
  /** Pins as reported by the pins module (kept opaque here). */
  pins: Array<Record<string, unknown>>;
  summary: {
    files: number;
    findings: number;
    fixable: number;
    manual: number;
    bySeverity: Record<Severity, number>;
    byCategory: Record<string, number>;
    markers: number;
    errors: number;
  };
}

export function buildAuditReport(input: {
  files: number;
  findings: Finding[];
  markers: MarkerRecord[];
  pins?: Array<Record<string, unknown>>;
  errors: number;
}): AuditReport {
  const findings = [...input.findings].sort(compareFindings);
  const markers = [...input.markers].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byCategory: Record<string, number> = {};
  for (const f of findings) {
    bySeverity[f.severity]++;
    const c = f.category ?? f.rule;
    byCategory[c] = (byCategory[c] ?? 0) + 1;
  }
  const fixable = findings.filter((f) => f.resolution === 'fixed').length;
  return {
    schema: AUDIT_SCHEMA,
    findings,
    markers,
    pins: input.pins ?? [],
    summary: {
      files: input.files,
      findings: findings.length,
      fixable,
      manual: findings.length - fixable,
      bySeverity,
      byCategory: Object.fromEntries(Object.entries(byCategory).sort(([a], [b]) => (a < b ? -1 : 1))),
      markers: markers.length,
      errors: input.errors,
    },
  };
}

/** True when a finding at or above `level` exists (audit --fail-on). */
export function tripsFailOn(report: AuditReport, level: Severity | undefined): boolean {
  if (!level) return false;
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level]);
}
