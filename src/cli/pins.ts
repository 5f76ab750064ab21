/**
 * `mcp-migrate pins [paths..]`: every MCP SDK pin in every manifest, what it supports, and
 * with `--to` the manifest edits (preview diff by default; --write, --patch, --check, --json
 * through the same change sink as `migrate`).
 *
 * stdout carries the product: the pin table without `--to`, the diff with it (so
 * `pins --to v2 > bump.diff` is a patch `git apply` accepts); with `--to` the table goes to
 * stderr. `--json`: NDJSON records `pin`, `finding`, `change`, `summary`.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { planPins, PinsUsageError, type PinsPlan } from '../pins/plan.ts';
import { pinPackageLabel, type PinRecord } from '../pins/types.ts';
import { emitChanges, type ChangeFlags } from './changes.ts';
import { jsonLine, type Io } from './io.ts';
import { UsageError } from './options.ts';

export interface PinsFlags extends ChangeFlags {
  to?: string;
  color?: boolean;
  dryRun?: boolean;
}

const COLUMNS: [string, (p: PinRecord) => string][] = [
  ['WORKSPACE', (p) => p.workspace],
  ['MANIFEST', (p) => p.manifest],
  ['PACKAGE', (p) => pinPackageLabel(p)],
  ['SECTION', (p) => p.section],
  ['SPEC', (p) => (p.catalogSpec !== undefined ? `${p.spec} (${p.catalogSpec})` : p.spec)],
  ['RESOLVED', (p) => p.resolved ?? '-'],
  ['2026-07-28', (p) => p.protocol],
  ['ISS', (p) => p.iss],
];

/** Fixed-width table, one row per pin, columns padded to the widest cell. */
export function pinTable(pins: PinRecord[], withProposed: boolean): string {
  const cols = withProposed ? [...COLUMNS, ['PROPOSED', (p: PinRecord) => p.proposed ?? ''] as [string, (p: PinRecord) => string]] : COLUMNS;
  const rows = [cols.map(([h]) => h), ...pins.map((p) => cols.map(([, f]) => f(p)))];
  const widths = cols.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** A pin as one NDJSON record: fixed key order, absent fields omitted. */
export function pinJson(p: PinRecord): Record<string, unknown> {
  const r: Record<string, unknown> = {
    type: 'pin',
    ecosystem: p.ecosystem,
    manifest: p.manifest,
    workspace: p.workspace,
    role: p.role,
    package: p.package,
    section: p.section,
    spec: p.spec,
  };
  if (p.carrier) r.carrier = true;
  if (p.catalogSpec !== undefined) r.catalogSpec = p.catalogSpec;
  if (p.resolved !== undefined) r.resolved = p.resolved;
  if (p.lockfile !== undefined) r.lockfile = p.lockfile;
  r.protocol = p.protocol;
  r.iss = p.iss;
  r.line = p.line;
  r.column = p.column;
  if (p.proposed !== undefined) r.proposed = p.proposed;
  return r;
}

export async function pins(paths: string[], flags: PinsFlags, io: Io): Promise<number> {
  if (flags.dryRun && flags.write) throw new UsageError('--dry-run and --write contradict each other');
  if (!flags.to && (flags.write || flags.patch || flags.check)) {
    throw new UsageError('--write, --patch and --check need --to VERSION|v2 (without --to, pins only reports)');
  }
  const roots = (paths.length ? paths : ['.']).map((p) => resolve(io.cwd, p));
  for (const r of roots) {
    if (!existsSync(r) || !statSync(r).isDirectory()) throw new UsageError(`pins: ${r} is not a directory`);
  }

  const plans: PinsPlan[] = [];
  try {
    for (const root of roots) plans.push(planPins(root, { to: flags.to, cwd: io.cwd }));
  } catch (err) {
    if (err instanceof PinsUsageError) throw new UsageError(err.message);
    throw err;
  }
  const all = plans.flatMap((p) => p.pins);
  const findings = plans.flatMap((p) => p.findings);
  const changes = plans.flatMap((p) => p.changes);
  const errors = findings.filter((f) => f.severity === 'error').length;

  if (flags.json) {
    for (const p of all) io.out(jsonLine(pinJson(p)));
    for (const f of findings) io.out(jsonLine({ type: 'finding', ...f }));
  } else if (!flags.to) {
    io.out(all.length ? pinTable(all, false) : '');
  } else if (!flags.quiet) {
    io.err(all.length ? pinTable(all, true) : '');
  }
  if (!flags.json && !flags.quiet) {
    for (const f of findings) io.err(`${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n`);
  }

  const summary = flags.to ? emitChanges(changes.map((c) => ({ ...c, by: ['pins'] })), flags, io) : { changed: 0, written: 0, errors: [] as string[], patchPath: undefined };
  for (const e of summary.errors) io.err(`mcp-migrate: ${e}\n`);
  const install = [...new Set(plans.filter((p) => p.changes.length).map((p) => p.installCommand).filter(Boolean))] as string[];
  const lockfiles = plans.filter((p) => p.changes.length).flatMap((p) => p.lockfiles);
  const stale = summary.written > 0 && lockfiles.length > 0;

  if (flags.json) {
    io.out(
      jsonLine({
        type: 'summary',
        command: 'pins',
        pins: all.length,
        manifests: new Set(all.map((p) => p.manifest)).size,
        managers: [...new Set(plans.map((p) => p.manager))],
        changed: summary.changed,
        written: summary.written,
        ...(install.length ? { installCommand: install.join(' && ') } : {}),
        ...(stale ? { staleLockfiles: lockfiles } : {}),
        findings: findings.length,
        errors: errors + summary.errors.length,
      }),
    );
  } else if (!flags.quiet) {
    io.err(`\n${all.length} MCP SDK pins in ${new Set(all.map((p) => p.manifest)).size} manifests`);
    io.err(flags.to ? `, ${summary.changed} files to change${flags.write ? `, ${summary.written} written` : ''}\n` : '\n');
    if (summary.patchPath) io.err(`patch written to ${summary.patchPath}; apply with: git apply ${summary.patchPath}\n`);
    if (install.length && summary.changed) {
      if (stale) io.err(`lockfiles now stale (${lockfiles.join(', ')}); refresh with: ${install.join(' && ')}\n`);
      else io.err(`after writing, refresh the lockfile with: ${install.join(' && ')}\n`);
    }
    if (flags.to && !flags.write && summary.changed > 0 && !flags.check) io.err('preview only: run again with --write to apply, or --patch FILE for a patch\n');
  }
  if (errors || summary.errors.length) return 2;
  if (flags.check && summary.changed > 0) return 1;
  return 0;
}
