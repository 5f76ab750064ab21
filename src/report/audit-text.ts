/** Human audit report: findings grouped by file, then markers, then the tally. */
import type { AuditReport } from './audit-model.ts';

const SEVERITY_COLOR = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' } as const;

export function renderAuditText(report: AuditReport, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `${code}${s}\x1b[0m` : s);
  const lines: string[] = [];
  let current = '';
  for (const f of report.findings) {
    if (f.file !== current) {
      current = f.file;
      lines.push('', paint('\x1b[1m', f.file));
    }
    const how = f.resolution === 'fixed' ? 'migrate fixes it' : 'manual';
    lines.push(
      `  ${`${f.line}:${f.column}`.padEnd(8)}${paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(8))}${f.rule}  [${how}]`,
      `          ${f.message}`,
    );
  }
  if (report.markers.length) {
    lines.push('', paint('\x1b[1m', 'Markers already in the tree'));
    for (const m of report.markers) {
      const kind = m.kind === 'ignore' ? 'ignored' : m.kind === 'official' ? 'official codemod' : m.rule;
      lines.push(`  ${m.file}:${m.line}  ${kind}${m.text ? `: ${m.text}` : ''}`);
    }
  }
  const s = report.summary;
  lines.push(
    '',
    `${s.findings} findings in ${s.files} files scanned: ${s.fixable} fixable by \`mcp-migrate migrate\`, ${s.manual} need a person; ${s.markers} markers in the tree`,
  );
  for (const [category, n] of Object.entries(s.byCategory)) lines.push(`  ${String(n).padStart(4)}  ${category}`);
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}
