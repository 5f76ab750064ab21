/**
 * SARIF 2.1.0 rendering of the audit report, for GitHub code scanning and other review
 * tools: one run, `tool.driver.rules` with metadata (id, short/full description, help text
 * and markdown, default level, tags), one result per finding with a physical location
 * relative to `%SRCROOT%` (the directory the audit ran in; its absolute path is never
 * written), and the workspaces, pins, markers and summary in `run.properties`.
 *
 * Rule ids are the transform ids (plus `pins`), so an alert names what fixes it; the
 * audit category is a result property and a rule tag.
 */
import type { TransformMeta } from '../registry.ts';
import { CATEGORIES, PARTS, type AuditFinding, type AuditReport } from './audit-model.ts';
import { markerJson, pinJson, summaryJson, workspaceJson } from './audit-json.ts';
import { howFixed } from './audit-text.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A root-relative POSIX path as a relative URI reference (each segment percent-encoded). */
export function toUri(rel: string): string {
  return rel
    .split('/')
    .map((seg) => (seg === '..' || seg === '.' ? seg : encodeURIComponent(seg)))
    .join('/');
}

const PINS_META: TransformMeta = {
  id: 'pins',
  summary: 'MCP SDK pins whose version does not ship the 2026-07-28 protocol',
  triggers: [],
};

function ruleHelp(meta: TransformMeta, findings: AuditFinding[]) {
  const categories = [...new Set(findings.map((f) => f.category))];
  const fixable = findings.some((f) => f.fixable);
  const manual = findings.some((f) => !f.fixable);
  const how =
    meta.id === 'pins'
      ? '`mcp-migrate pins` lists every pin; `mcp-migrate pins --to v2 --write` rewrites them.'
      : [
          fixable ? '`mcp-migrate migrate` previews the automatic rewrite as a diff; `--write` applies it.' : '',
          manual
            ? `Shapes it cannot prove safe get a \`/* mcp-migrate(${meta.id}): ... */\` marker above the code saying what a person must do; \`// mcp-migrate-ignore(${meta.id})\` above a statement opts it out.`
            : '',
        ]
          .filter(Boolean)
          .join(' ');
  const lines = categories.map((c) => {
    const info = CATEGORIES[c];
    return info ? `${c} (${info.label}): ${info.migration}` : c;
  });
  const text = [`${meta.summary}.`, ...lines.map((l) => `- ${l}`), how].filter(Boolean).join('\n');
  const markdown = [
    `**${meta.summary}.**`,
    '',
    ...(lines.length ? ['| category | what migrating means |', '| --- | --- |'] : []),
    ...categories.map((c) => `| \`${c}\` | ${(CATEGORIES[c]?.migration ?? '').replace(/\|/g, '\\|')} |`),
    '',
    how,
  ].join('\n');
  return { text, markdown };
}

export function renderAuditSarif(report: AuditReport, transforms: readonly TransformMeta[]): string {
  const metas = new Map<string, TransformMeta>(transforms.map((t) => [t.id, t]));
  metas.set('pins', PINS_META);
  // Rules: every transform that ran (registry order), `pins` when pins were scanned, then any
  // other rule that reported.
  const ruleIds = [...report.transforms, ...(report.pinsScanned ? ['pins'] : [])];
  for (const f of report.findings) if (!ruleIds.includes(f.rule)) ruleIds.push(f.rule);
  const byRule = new Map<string, AuditFinding[]>(ruleIds.map((id) => [id, []]));
  for (const f of report.findings) byRule.get(f.rule)!.push(f);
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));

  const rules = ruleIds.map((id) => {
    const meta = metas.get(id) ?? { id, summary: id, triggers: [] };
    const findings = byRule.get(id)!;
    const categories = [...new Set(findings.map((f) => f.category))];
    const worst = findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') || !findings.length ? 'warning' : 'note';
    const parts = [...new Set(findings.map((f) => f.part))];
    return {
      id,
      name: id
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(''),
      shortDescription: { text: meta.summary },
      fullDescription: {
        text:
          `${meta.summary}. Reported by mcp-migrate audit for the MCP 2026-07-28 migration` +
          (parts.length ? ` (${parts.map((p) => PARTS.find((x) => x.id === p)!.title).join('; ')}).` : '.'),
      },
      help: ruleHelp(meta, findings),
      defaultConfiguration: { level: worst },
      properties: { tags: ['mcp', 'mcp-2026-07-28', ...categories] },
    };
  });

  const results = report.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIndex.get(f.rule)!,
    level: LEVEL[f.severity],
    message: { text: `${f.message} (${howFixed(f).replace(/`/g, '')})` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file), uriBaseId: SRCROOT },
          region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
        },
      },
    ],
    properties: {
      category: f.category,
      part: f.part,
      workspace: f.workspace,
      resolution: f.resolution,
      fixable: f.fixable,
      fixedBy: f.fixedBy,
      marker: f.marker,
    },
  }));

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The directory `mcp-migrate audit` ran in (the audit root).' } },
        },
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          schema: report.schema,
          schemaVersion: report.schemaVersion,
          pinsScanned: report.pinsScanned,
          summary: summaryJson(report),
          workspaces: report.workspaces.map(workspaceJson),
          pins: report.pins.map(pinJson),
          markers: report.markers.map(markerJson),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
