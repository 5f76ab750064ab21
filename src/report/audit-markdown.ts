/**
 * Markdown rendering of the audit report: a pull-request comment. The summary comes first
 * (the fixable sentence and one table of the three parts by category), then the workspace
 * table, then each part's details folded in <details>, grouped by workspace and file.
 * Text from the code (messages, names) is escaped so it cannot open HTML or break a table.
 * GitHub caps a comment at 65,536 characters: details stop at `maxChars` with a note.
 */
import { pinPackageLabel } from '../pins/types.ts';
import {
  CATEGORIES,
  fixableSentence,
  MARKER_KIND_LABEL,
  workspaceByPath,
  type AuditFinding,
  type AuditReport,
} from './audit-model.ts';

export interface MarkdownOptions {
  /** Soft cap on the whole comment (default 60,000 characters). */
  maxChars?: number;
}

/** Escapes text for inline Markdown: no raw HTML, no table breaks. Backticks are kept (messages use code spans). */
export function md(text: string): string {
  const plain = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
  // Code spans (`...`) render their content literally (no HTML), so only table pipes need care there.
  return text
    .replace(/\r?\n/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/\|/g, '\\|') : plain(part)))
    .join('');
}

/** A code span that survives any backticks inside. */
export function code(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean.replace(/\|/g, '\\|')}${pad}${fence}`;
}

const SEVERITY_BADGE = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' } as const;

function how(f: AuditFinding): string {
  if (f.fixable) return f.fixedBy === 'pins' ? 'fixed by `mcp-migrate pins --to v2 --write`' : `fixed by \`mcp-migrate migrate\` (${code(f.fixedBy ?? f.rule)})`;
  // The marker repeats the message, so name it rather than print it twice (JSON/SARIF carry its text).
  return f.marker ? `manual: \`migrate\` leaves a ${code(`mcp-migrate(${f.rule})`)} marker above the code` : 'manual';
}

export function renderAuditMarkdown(report: AuditReport, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? 60_000;
  const s = report.summary;
  const workspaces = workspaceByPath(report);
  const head: string[] = [];

  head.push('## MCP 2026-07-28 migration audit', '');
  head.push(
    `**${fixableSentence(report)}** by \`mcp-migrate migrate\`; ${s.manual} need${s.manual === 1 ? 's' : ''} a person. ` +
      `${s.findings} finding${s.findings === 1 ? '' : 's'} in ${s.workspaces} workspace${s.workspaces === 1 ? '' : 's'}, ` +
      `${s.files} file${s.files === 1 ? '' : 's'} scanned (${s.bySeverity.error} error, ${s.bySeverity.warning} warning, ${s.bySeverity.info} info).`,
    '',
  );
  head.push('| part | category | findings | fixable | manual |', '| --- | --- | ---: | ---: | ---: |');
  for (const p of report.parts) {
    if (p.id === 'other' && p.findings === 0) continue;
    const cats = Object.entries(p.byCategory);
    if (p.id === 'sdk-pins' && !report.pinsScanned) {
      head.push(`| ${p.number}. ${md(p.title)} | _not scanned in this run_ | | | |`);
      continue;
    }
    if (cats.length === 0) {
      head.push(`| ${p.number}. ${md(p.title)} | _none found_ | 0 | 0 | 0 |`);
      continue;
    }
    for (const [i, [c, n]] of cats.entries()) {
      const inCat = report.findings.filter((f) => f.part === p.id && f.category === c);
      const fixable = inCat.filter((f) => f.fixable).length;
      const label = CATEGORIES[c] ? `\`${c}\` ${md(CATEGORIES[c].label)}` : `\`${c}\``;
      head.push(`| ${i === 0 ? `${p.number}. ${md(p.title)}` : ''} | ${label} | ${n} | ${fixable} | ${n - fixable} |`);
    }
  }
  head.push(`| **total** | | **${s.findings}** | **${s.fixable}** | **${s.manual}** |`, '');

  if (report.markers.length) {
    head.push(
      `Markers already in the tree: ${s.markersByKind.marker} \`mcp-migrate(…)\`, ${s.markersByKind.ignore} \`mcp-migrate-ignore(…)\`, ` +
        `${s.markersByKind.official} \`@mcp-codemod-error\` (official codemod).`,
      '',
    );
  }

  const sections: string[][] = [];

  // Workspaces (folded when long).
  if (report.workspaces.length) {
    const rows = [
      '| workspace | path | findings | fixable | manual | pins |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...report.workspaces.map((w) => `| ${md(w.name)} | ${code(w.path)} | ${w.findings} | ${w.fixable} | ${w.manual} | ${w.pins} |`),
    ];
    sections.push(
      report.workspaces.length > 10
        ? ['<details><summary>Workspaces (' + report.workspaces.length + ')</summary>', '', ...rows, '', '</details>', '']
        : ['### Workspaces', '', ...rows, ''],
    );
  }

  for (const p of report.parts) {
    const findings = report.findings.filter((f) => f.part === p.id);
    const isPins = p.id === 'sdk-pins';
    if (!findings.length && !(isPins && report.pins.length)) continue;
    const body: string[] = [`<details><summary>${p.number}. ${md(p.title)}: ${findings.length} finding${findings.length === 1 ? '' : 's'}, ${p.fixable} fixable</summary>`, ''];
    if (isPins && report.pins.length) {
      body.push('| workspace | manifest | package | spec | resolved | 2026-07-28 | iss |', '| --- | --- | --- | --- | --- | --- | --- |');
      for (const pin of report.pins) {
        body.push(
          `| ${md(workspaces.get(pin.workspacePath)?.name ?? pin.workspace)} | ${code(`${pin.manifest}:${pin.line}`)} | ${code(pinPackageLabel(pin))} | ${code(pin.spec)} | ${pin.resolved ? code(pin.resolved) : '-'} | ${pin.protocol} | ${pin.iss} |`,
        );
      }
      body.push('');
    }
    let ws = '';
    for (const f of findings) {
      if (f.workspace !== ws) {
        ws = f.workspace;
        const w = workspaces.get(ws);
        if (body[body.length - 1] !== '') body.push('');
        body.push(`#### ${md(w?.name ?? ws)} (${code(ws)})`, '');
      }
      body.push(`- ${SEVERITY_BADGE[f.severity]} ${code(`${f.file}:${f.line}:${f.column}`)} \`${f.category}\`: ${md(f.message)} (${how(f)})`);
    }
    body.push('', '</details>', '');
    sections.push(body);
  }

  if (report.markers.length) {
    sections.push([
      `<details><summary>Markers already in the tree (${report.markers.length})</summary>`,
      '',
      ...report.markers.map(
        (m) =>
          `- ${code(`${m.file}:${m.line}`)} ${m.kind === 'marker' ? code(`mcp-migrate(${m.rule})`) : md(MARKER_KIND_LABEL[m.kind])}${m.kind === 'ignore' ? ` opts out of \`${m.rule}\`` : ''}${m.text ? `: ${md(m.text)}` : ''}`,
      ),
      '',
      '</details>',
      '',
    ]);
  }

  if (report.errors.length) {
    sections.push([`**${report.errors.length} file(s) could not be audited:**`, '', ...report.errors.map((e) => `- ${code(e.path)}: ${md(e.message)}`), '']);
  }

  const footer = ['<sub>Generated by `mcp-migrate audit --format markdown`. Paths are relative to the audit root.</sub>', ''];
  let out = head.join('\n') + '\n';
  let dropped = 0;
  for (const sec of sections) {
    const text = sec.join('\n') + '\n';
    if (out.length + text.length + 200 > maxChars) {
      dropped++;
      continue;
    }
    out += text;
  }
  if (dropped) out += `_${dropped} section(s) left out to stay under GitHub's comment size limit: see the JSON or SARIF report._\n\n`;
  return out + footer.join('\n');
}
