/**
 * The only way a transform reports. Under our engine, findings go into the sink the
 * engine passes as `options.findings`; under plain `jscodeshift -t`, they go through
 * `api.report` so a user of plain jscodeshift still sees them.
 */
import type { API, FileInfo, Options } from 'jscodeshift';
import type { Finding, Resolution, Severity } from '../../src/findings.ts';

export interface ReportInput {
  rule: string;
  category?: string;
  severity: Severity;
  resolution: Resolution;
  message: string;
  /** Any AST node (or NodePath) with a `loc`; nodes made by the rewrite have none. */
  node?: unknown;
}

export interface ReportContext {
  file: FileInfo;
  api: API;
  options: Options;
}

function locOf(node: unknown): { line: number; column: number } {
  const n = (node as { node?: unknown })?.node ?? node;
  const loc = (n as { loc?: { start?: { line: number; column: number } } } | undefined)?.loc;
  return loc?.start ? { line: loc.start.line, column: loc.start.column + 1 } : { line: 1, column: 1 };
}

export function report(ctx: ReportContext, input: ReportInput): void {
  const { line, column } = locOf(input.node);
  const finding: Finding = {
    rule: input.rule,
    category: input.category,
    severity: input.severity,
    file: ctx.file.path,
    line,
    column,
    message: input.message,
    resolution: input.resolution,
  };
  const sink = ctx.options.findings as Finding[] | undefined;
  if (Array.isArray(sink)) sink.push(finding);
  else ctx.api.report(`${finding.file}:${line}:${column} [${finding.rule}] ${finding.severity}: ${finding.message}`);
}
