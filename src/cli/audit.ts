/** `mcp-migrate audit`: what migrate would fix, what needs a person, what is pinned where. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding, Severity } from '../findings.ts';
import { TRANSFORMS } from '../../transforms/index.ts';
import { buildAuditReport, tripsFailOn, type MarkerRecord } from '../report/audit-model.ts';
import { renderAuditText } from '../report/audit-text.ts';
import { jsonLine, type Io } from './io.ts';
import { selectTransforms, UsageError, type CommonFlags } from './options.ts';
import { walkAndRun } from './walk.ts';

export interface AuditFlags extends CommonFlags {
  format?: string;
  failOn?: string;
  output?: string;
}

const FORMATS = ['text', 'json'];

export async function audit(paths: string[], flags: AuditFlags, io: Io): Promise<number> {
  const format = flags.json ? 'json' : flags.format ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, got "${format}"`);
  const failOn = flags.failOn as Severity | undefined;
  if (failOn && !['error', 'warning', 'info'].includes(failOn)) {
    throw new UsageError(`--fail-on takes error, warning or info, got "${failOn}"`);
  }
  const transforms = flags.transforms ? selectTransforms(flags.transforms) : TRANSFORMS;
  const findings: Finding[] = [];
  const markers: MarkerRecord[] = [];
  // Progress and per-file errors are printed by walkAndRun; the report is rendered at the end.
  const walk = await walkAndRun(paths, { ...flags, json: false }, io, transforms, { scanMarkers: true }, (r) => {
    findings.push(...r.findings);
    for (const m of r.markers) markers.push({ ...m, file: r.rel });
  });
  const report = buildAuditReport({ files: walk.stats.discovered, findings, markers, errors: walk.errors.length });

  let text: string;
  if (format === 'json') {
    text =
      report.findings.map((f) => jsonLine({ type: 'finding', ...f })).join('') +
      report.markers.map((m) => jsonLine({ type: 'marker', ...m })).join('') +
      jsonLine({ type: 'summary', command: 'audit', ...report.summary });
  } else {
    text = renderAuditText(report, io.color && !flags.output);
  }
  if (flags.output) writeFileSync(resolve(io.cwd, flags.output), text);
  else io.out(text);

  if (walk.errors.length) return 2;
  return tripsFailOn(report, failOn) ? 1 : 0;
}
