/**
 * `mcp-migrate audit`: what migrate would fix, what needs a person, what is pinned where.
 *
 * One preview run of the transforms (nothing is written), the markers already in the tree,
 * and the SDK pins of every workspace (the pins module's planPins: see `collectPins`), grouped per
 * workspace package (nearest package.json), rendered as text | json | sarif | markdown.
 * `--json` (the common flag) is the newline-delimited record stream instead of one document.
 * Exit codes: 2 when any file could not be audited or the report could not be written,
 * else 1 when `--fail-on LEVEL` finds a finding at or above LEVEL, else 0.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding, Severity } from '../findings.ts';
import { displayPath } from '../engine/discover.ts';
import { planPins } from '../pins/plan.ts';
import type { PinRecord } from '../pins/types.ts';
import { TRANSFORMS } from '../registry.ts';
import { markerComment } from '../../transforms/lib/markers.ts';
import {
  buildAuditReport,
  createWorkspaceResolver,
  fixableSentence,
  scrubPaths,
  tripsFailOn,
  type AuditError,
  type AuditInputFinding,
  type AuditReport,
  type MarkerRecord,
} from '../report/audit-model.ts';
import { renderAuditText } from '../report/audit-text.ts';
import { renderAuditJson, renderAuditNdjson } from '../report/audit-json.ts';
import { renderAuditSarif } from '../report/audit-sarif.ts';
import { renderAuditMarkdown } from '../report/audit-markdown.ts';
import type { Io } from './io.ts';
import { parseShard, selectTransforms, UsageError, type CommonFlags } from './options.ts';
import { walkAndRun } from './walk.ts';

export interface AuditFlags extends CommonFlags {
  format?: string;
  failOn?: string;
  output?: string;
}

export const AUDIT_FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/**
 * Part 3: the SDK pins of every workspace under each directory argument (default `.`), from
 * the pins module's planPins (no `--to`: nothing is planned, only read and judged). Its
 * findings (rule `pins`, category `sdk-pin`: versions without the 2026-07-28 protocol,
 * unreadable manifests or lockfiles) join the report as they are. A failure of the pins
 * scan becomes an audit error (exit 2), never a crash.
 */
export function collectPins(
  cwd: string,
  paths: string[],
): { pins: PinRecord[] | undefined; findings: Finding[]; errors: AuditError[] } {
  const roots = (paths.length ? paths : ['.']).map((p) => resolve(cwd, p)).filter((abs) => {
    try {
      return statSync(abs).isDirectory();
    } catch {
      return false; // discovery already reports a missing path
    }
  });
  const pins = new Map<string, PinRecord>();
  const findings = new Map<string, Finding>();
  const errors: AuditError[] = [];
  for (const root of roots) {
    try {
      const plan = planPins(root, { cwd });
      for (const p of plan.pins) pins.set(`${p.manifest}\0${p.line}\0${p.column}\0${p.package}`, p);
      for (const f of plan.findings) findings.set(`${f.file}\0${f.line}\0${f.column}\0${f.message}`, f);
    } catch (err) {
      errors.push({ path: displayPath(cwd, root), message: `pins: ${(err as Error).message}` });
    }
  }
  // Only file arguments: no manifests were looked at, so the pins part says so instead of "none".
  return { pins: roots.length ? [...pins.values()] : undefined, findings: [...findings.values()], errors };
}

let toolVersion: string | undefined;
/** This package's version (works from src/ under Node 22 and from dist/). */
export function mcpMigrateVersion(): string {
  if (toolVersion) return toolVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'mcp-migrate' && pkg.version) return (toolVersion = pkg.version);
      } catch {
        // keep looking upwards
      }
    }
    dir = dirname(dir);
  }
  return (toolVersion = '0.0.0');
}

/** Columns for the text report: $COLUMNS, else the terminal's width, else 100. */
function terminalWidth(): number {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return env;
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 100;
}

export function renderAudit(report: AuditReport, format: AuditFormat | 'ndjson', opts: { color: boolean; width: number }): string {
  switch (format) {
    case 'json':
      return renderAuditJson(report);
    case 'ndjson':
      return renderAuditNdjson(report);
    case 'sarif':
      return renderAuditSarif(report, TRANSFORMS.map((t) => t.meta));
    case 'markdown':
      return renderAuditMarkdown(report);
    default:
      return renderAuditText(report, { color: opts.color, width: opts.width });
  }
}

export async function audit(paths: string[], flags: AuditFlags, io: Io): Promise<number> {
  const requested = flags.format ?? 'text';
  if (!(AUDIT_FORMATS as readonly string[]).includes(requested)) {
    throw new UsageError(`--format takes ${AUDIT_FORMATS.join(', ')}, got "${requested}"`);
  }
  // --json is the common NDJSON record stream; --format json is one document.
  const format: AuditFormat | 'ndjson' = flags.json && requested === 'text' ? 'ndjson' : (requested as AuditFormat);
  const failOn = flags.failOn as Severity | undefined;
  if (failOn !== undefined && !['error', 'warning', 'info'].includes(failOn)) {
    throw new UsageError(`--fail-on takes error, warning or info, got "${failOn}"`);
  }
  const transforms = flags.transforms ? selectTransforms(flags.transforms) : TRANSFORMS;
  const rootAbs = io.cwd;
  const findings: AuditInputFinding[] = [];
  const markers: MarkerRecord[] = [];
  // Progress and per-file errors go to stderr from walkAndRun; the report is rendered at the end.
  const walk = await walkAndRun(paths, { ...flags, json: false }, io, transforms, { scanMarkers: true }, (r) => {
    for (const f of r.findings) {
      if (f.resolution === 'fixed') {
        findings.push({ ...f, fixedBy: transforms.some((t) => t.meta.id === f.rule) ? f.rule : (r.changedBy[0] ?? f.rule), marker: null });
        continue;
      }
      // A manual finding's marker: the one migrate inserts (in the previewed output) or already inserted.
      const comment = markerComment(f.rule, f.message);
      const body = comment.slice(3, -3).trim();
      const present =
        (r.after !== undefined && r.after.includes(comment)) ||
        r.markers.some((m) => m.kind === 'marker' && m.rule === f.rule && body === `mcp-migrate(${m.rule}): ${m.text}`);
      findings.push({ ...f, marker: present ? comment : null });
    }
    for (const m of r.markers) markers.push({ ...m, file: r.rel });
  });

  const home = homedir();
  const errors: AuditError[] = walk.errors.map((line) => {
    const clean = scrubPaths(line, rootAbs, home);
    const at = clean.indexOf(': ');
    return at < 0 ? { path: '.', message: clean } : { path: clean.slice(0, at), message: clean.slice(at + 2) };
  });
  // Pins belong to manifests, not to the files a shard owns: only shard 1 reports them, so
  // concatenated `--shard K/N --json` outputs carry each pin (and its findings) once.
  const shard = parseShard(flags.shard);
  const pins = !shard || shard.index === 1 ? collectPins(rootAbs, paths) : { pins: undefined, findings: [], errors: [] };
  errors.push(...pins.errors.map((e) => ({ path: e.path, message: scrubPaths(e.message, rootAbs, home) })));
  const report = buildAuditReport({
    files: walk.stats.discovered,
    findings,
    markers,
    pins: pins.pins,
    pinFindings: pins.findings,
    errors,
    transforms: transforms.map((t) => t.meta.id),
    tool: { name: 'mcp-migrate', version: mcpMigrateVersion() },
    workspaceOf: createWorkspaceResolver(rootAbs),
  });

  const text = renderAudit(report, format, { color: io.color && !flags.output, width: terminalWidth() });
  if (flags.output) {
    try {
      writeFileSync(resolve(io.cwd, flags.output), text);
    } catch (err) {
      io.err(`mcp-migrate: cannot write ${flags.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 2;
    }
  } else {
    io.out(text);
  }
  if (!flags.quiet && (flags.output || format !== 'text')) {
    io.err(`${fixableSentence(report)}; ${report.summary.manual} need a person${flags.output ? `; report written to ${flags.output}` : ''}\n`);
  }

  if (walk.errors.length || pins.errors.length) return 2;
  return tripsFailOn(report, failOn) ? 1 : 0;
}
