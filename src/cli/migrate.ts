/** `mcp-migrate migrate`: preview (default), --patch, --check, --write. */
import type { Finding } from '../findings.ts';
import { ChangeSink, type ChangeFlags } from './changes.ts';
import { jsonLine, type Io } from './io.ts';
import { selectTransforms, UsageError, type CommonFlags } from './options.ts';
import { walkAndRun } from './walk.ts';
import { printFindingsSummary } from '../report/summary.ts';

export interface MigrateFlags extends CommonFlags, ChangeFlags {
  sdk?: string;
  dryRun?: boolean;
}

export async function migrate(paths: string[], flags: MigrateFlags, io: Io): Promise<number> {
  if (flags.dryRun && flags.write) throw new UsageError('--dry-run and --write contradict each other');
  const sdk = flags.sdk ?? 'auto';
  if (!['auto', 'v1', 'v2'].includes(sdk)) throw new UsageError(`--sdk takes auto, v1 or v2, got "${sdk}"`);
  const transforms = selectTransforms(flags.transforms);
  const started = Date.now();
  const sink = new ChangeSink(flags, io);
  const findings: Finding[] = [];

  const walk = await walkAndRun(paths, flags, io, transforms, { transformOptions: { sdk } }, (r) => {
    findings.push(...r.findings);
    if (flags.json) for (const f of r.findings) io.out(jsonLine({ type: 'finding', ...f }));
    if (r.status === 'changed') {
      sink.add({ rel: r.rel, abs: r.abs, before: r.before!, after: r.after!, readHash: r.readHash!, by: r.changedBy });
    }
  });
  const summary = sink.finish();
  for (const e of summary.errors) io.err(`mcp-migrate: ${e}\n`);
  const errors = [...walk.errors, ...summary.errors];

  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  if (flags.json) {
    io.out(jsonLine({ type: 'summary', command: 'migrate', ...walk.stats, written: summary.written, errors: errors.length, seconds: Number(seconds) }));
  } else if (!flags.quiet) {
    const s = walk.stats;
    io.err(
      `\n${s.discovered} files considered, ${s.parsed} parsed, ${s.changed} to change` +
        (flags.write ? `, ${summary.written} written` : '') +
        `, ${s.errors} with errors (${seconds}s)\n`,
    );
    printFindingsSummary(findings, io);
    if (summary.patchPath) io.err(`patch written to ${summary.patchPath}; apply with: git apply ${summary.patchPath}\n`);
    if (!flags.write && s.changed > 0 && !flags.check) io.err(`preview only: run again with --write to apply, or --patch FILE for a patch\n`);
  }
  if (errors.length) return 2;
  if (flags.check && (walk.stats.changed > 0)) return 1;
  return 0;
}
