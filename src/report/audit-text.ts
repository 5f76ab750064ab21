/**
 * Human audit report for a terminal: the three parts (session state, OAuth iss, SDK pins),
 * each grouped by workspace then file, then other changes, markers already in the tree, the
 * per-workspace table and the tally. Messages wrap at the terminal width; tables fall back
 * to a stacked layout when they would not fit, so a 60-column terminal stays readable.
 * Colour only when asked (TTY): headings bold, severities coloured.
 */
import { pinPackageLabel } from '../pins/types.ts';
import {
  CATEGORIES,
  fixableSentence,
  MARKER_KIND_LABEL,
  workspaceByPath,
  type AuditFinding,
  type AuditReport,
  type PartSummary,
} from './audit-model.ts';

export interface TextOptions {
  color: boolean;
  /** Terminal width in columns (default 100; at least 40 is used). */
  width?: number;
}

const SEVERITY_COLOR = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' } as const;
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';

/** Greedy word wrap; words longer than the line stay whole. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** How a finding gets fixed, in words. */
export function howFixed(f: Pick<AuditFinding, 'fixable' | 'fixedBy' | 'marker'>): string {
  if (f.fixable) return f.fixedBy === 'pins' ? 'fixed by `mcp-migrate pins --to v2 --write`' : `fixed by \`mcp-migrate migrate\` (${f.fixedBy})`;
  return f.marker ? 'manual: `migrate` leaves a marker above the code' : 'manual: needs a person';
}

interface Column {
  header: string;
  align?: 'right';
}

/** An aligned table when it fits in `width`, else one stacked block per row. */
function table(columns: Column[], rows: string[][], width: number, indent: string): string[] {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => r[i].length)));
  const total = indent.length + widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  if (total <= width) {
    const line = (cells: string[]) =>
      (indent + cells.map((c, i) => (columns[i].align === 'right' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')).trimEnd();
    return [line(columns.map((c) => c.header)), ...rows.map(line)];
  }
  // Stacked: the first two cells on one line when they fit, the rest as `header: value` pairs.
  const out: string[] = [];
  for (const r of rows) {
    const pair = `${indent}${r[0]}  ${r[1]}`;
    const first = columns.length > 1 && pair.length <= width ? 2 : 1;
    out.push(first === 2 ? pair : `${indent}${r[0]}`);
    const rest = columns
      .slice(first)
      .map((c, i) => (r[i + first] ? `${c.header}: ${r[i + first]}` : ''))
      .filter(Boolean)
      .join('  ');
    for (const l of wrap(rest, width - indent.length - 2)) out.push(`${indent}  ${l}`);
  }
  return out;
}

export function renderAuditText(report: AuditReport, options: TextOptions | boolean): string {
  const opts: TextOptions = typeof options === 'boolean' ? { color: options } : options;
  const width = Math.max(40, opts.width ?? 100);
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}\x1b[0m` : s);
  const s = report.summary;
  const workspaces = workspaceByPath(report);
  const out: string[] = [];
  const para = (text: string, indent = '') => {
    for (const l of wrap(text, width - indent.length)) out.push(indent + l);
  };

  out.push(paint(BOLD, 'MCP 2026-07-28 migration audit'));
  para(
    `${s.findings} finding${s.findings === 1 ? '' : 's'} in ${s.workspaces} workspace${s.workspaces === 1 ? '' : 's'} ` +
      `(${s.files} file${s.files === 1 ? '' : 's'} scanned). ${fixableSentence(report)}; ${s.manual} need${s.manual === 1 ? 's' : ''} a person.`,
  );

  const renderFindings = (findings: AuditFinding[]) => {
    let ws = '';
    let file = '';
    for (const f of findings) {
      if (f.workspace !== ws) {
        ws = f.workspace;
        file = '';
        const w = workspaces.get(ws);
        out.push('', `   ${paint(BOLD, w?.name ?? ws)}${w && w.name !== w.path ? `  ${paint(DIM, w.path)}` : ''}`);
      }
      if (f.file !== file) {
        file = f.file;
        out.push(`     ${f.file}`);
      }
      const loc = `${f.line}:${f.column}`.padEnd(7);
      out.push(`       ${loc} ${paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(7))}  ${f.category}`);
      const indent = '         ';
      para(f.message, indent);
      para(`→ ${howFixed(f)}`, indent);
    }
  };

  const partHeader = (p: PartSummary) => {
    out.push('', paint(BOLD, `${p.number}. ${p.title}`));
    para(p.question, '   ');
    if (p.findings === 0) return;
    out.push('');
    para(`${p.findings} finding${p.findings === 1 ? '' : 's'}, ${p.fixable} fixable automatically, ${p.manual} manual`, '   ');
    const rows = Object.entries(p.byCategory).map(([c, n]) => [String(n), c, CATEGORIES[c]?.label ?? '']);
    const nw = Math.max(...rows.map((r) => r[0].length));
    const cw = Math.max(...rows.map((r) => r[1].length));
    // Labels only when every one fits on its line (a ragged half-labelled list reads worse).
    const labels = rows.every(([, , label]) => 3 + nw + 2 + cw + 2 + label.length <= width);
    for (const [n, c, label] of rows) {
      const head = `   ${n.padStart(nw)}  ${c.padEnd(cw)}`;
      out.push(labels && label ? `${head}  ${paint(DIM, label)}` : head.trimEnd());
    }
  };

  for (const p of report.parts) {
    if (p.id === 'other' && p.findings === 0) continue;
    partHeader(p);
    const findings = report.findings.filter((f) => f.part === p.id);
    if (p.id === 'sdk-pins') {
      out.push('');
      if (!report.pinsScanned) {
        para('Pins were not scanned in this run (only file arguments, or a shard other than 1/N); `mcp-migrate pins` lists them.', '   ');
      } else if (report.pins.length === 0) {
        para('No MCP SDK pins found in any manifest.', '   ');
      } else {
        const rows = report.pins.map((pin) => [
          workspaces.get(pin.workspacePath)?.name ?? pin.workspace,
          pinPackageLabel(pin),
          pin.spec,
          pin.resolved ?? '-',
          pin.protocol,
          pin.iss,
        ]);
        out.push(
          ...table(
            [{ header: 'workspace' }, { header: 'package' }, { header: 'spec' }, { header: 'resolved' }, { header: '2026-07-28' }, { header: 'iss' }],
            rows,
            width,
            '   ',
          ),
        );
      }
    } else if (p.findings === 0) {
      out.push('');
      para('Nothing found.', '   ');
    }
    renderFindings(findings);
  }

  if (report.markers.length) {
    out.push('', paint(BOLD, `Markers already in the tree (${report.markers.length})`));
    for (const m of report.markers) {
      const where = `   ${m.file}:${m.line}`;
      const kind = m.kind === 'marker' ? `mcp-migrate(${m.rule})` : MARKER_KIND_LABEL[m.kind];
      if (where.length + 2 + kind.length <= width) out.push(`${where}  ${paint(DIM, kind)}`);
      else out.push(where, `     ${paint(DIM, kind)}`);
      const detail = m.kind === 'ignore' ? `opts out of ${m.rule}${m.text ? `: ${m.text}` : ''}` : m.text;
      if (detail) para(detail, '     ');
    }
  }

  if (report.workspaces.length) {
    out.push('', paint(BOLD, `Workspaces (${report.workspaces.length})`));
    const rows = report.workspaces.map((w) => [w.name, w.path, String(w.findings), String(w.fixable), String(w.manual), String(w.pins)]);
    out.push(
      ...table(
        [
          { header: 'workspace' },
          { header: 'path' },
          { header: 'findings', align: 'right' },
          { header: 'fixable', align: 'right' },
          { header: 'manual', align: 'right' },
          { header: 'pins', align: 'right' },
        ],
        rows,
        width,
        '   ',
      ),
    );
  }

  out.push('', paint(BOLD, 'Summary'));
  para(`${fixableSentence(report)} (\`mcp-migrate migrate\` previews them, \`--write\` applies); ${s.manual} need a person.`, '   ');
  para(
    `Severity: ${s.bySeverity.error} error, ${s.bySeverity.warning} warning, ${s.bySeverity.info} info. ` +
      `Markers in the tree: ${s.markersByKind.marker} mcp-migrate, ${s.markersByKind.ignore} ignore, ${s.markersByKind.official} official codemod.` +
      (s.errors ? ` ${s.errors} file${s.errors === 1 ? '' : 's'} could not be audited (see stderr).` : ''),
    '   ',
  );
  return `${out.join('\n')}\n`;
}
