/**
 * The one finding model shared by transforms, the engine, pins and every report.
 * A transform never prints: it pushes Findings through transforms/lib/report.ts.
 */
export type Severity = 'error' | 'warning' | 'info';

/** `fixed`: the rewrite handled it. `manual`: a marker or a note asks a person to act. */
export type Resolution = 'fixed' | 'manual';

export interface Finding {
  /** Rule id = transform id = file name of the transform (or `engine`, `pins`). */
  rule: string;
  /** Audit category, e.g. `transport-map-routing`, `hand-rolled-oauth-client`. */
  category?: string;
  severity: Severity;
  /** Path relative to the working directory, POSIX separators. */
  file: string;
  /** 1-based line and column in the *original* file (what the user has on disk). */
  line: number;
  column: number;
  message: string;
  resolution: Resolution;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
