/** `mcp-migrate migrate`: preview (default), --patch, --check, --write. */
import type { Finding } from '../findings.ts';
import { ChangeSink, type ChangeFlags } from './changes.ts';
import { jsonLine, type Io } from './io.ts';
import { selectTransforms, UsageError, type CommonFlags } from './options.ts';
import { walkAndRun } from './walk.ts';
import { printFindingsSummary } from '../report/summary.ts';
import { OFFICIAL_RULE, runOfficialCodemod } from '../engine/official-codemod.ts';
import { decodeUtf8, readCandidate } from '../engine/read.ts';
import { parseSize } from './options.ts';
import type { Discovery } from '../engine/discover.ts';
import { isTestFile } from '../engine/test-files.ts';

const V1_TOKEN = Buffer.from('@modelcontextprotocol/sdk');

export interface MigrateFlags extends CommonFlags, ChangeFlags {
  sdk?: string;
  legacy?: string;
  dryRun?: boolean;
}

export async function migrate(paths: string[], flags: MigrateFlags, io: Io): Promise<number> {
  if (flags.dryRun && flags.write) throw new UsageError('--dry-run and --write contradict each other');
  const sdk = flags.sdk ?? 'auto';
  if (!['auto', 'v1', 'v2'].includes(sdk)) throw new UsageError(`--sdk takes auto, v1 or v2, got "${sdk}"`);
  const legacy = flags.legacy ?? 'stateless';
  if (!['stateless', 'reject', 'keep'].includes(legacy)) throw new UsageError(`--legacy takes stateless, reject or keep, got "${legacy}"`);
  const transforms = selectTransforms(flags.transforms);
  const started = Date.now();
  const sink = new ChangeSink(flags, io);
  const findings: Finding[] = [];

  // --sdk v2: the official v1-to-v2 codemod renames first, on a scratch copy of the v1 files.
  const prepare = async (discovery: Discovery) => {
    const v1Files = [];
    for (const c of discovery.files) {
      const read = readCandidate(c.abs, c.root, parseSize(flags.maxFileSize));
      if (!read.ok || !read.bytes.includes(V1_TOKEN)) continue;
      const text = decodeUtf8(read.bytes);
      if (text !== undefined && (flags.includeTests || !isTestFile(c.rel, text))) v1Files.push({ abs: c.abs, rel: c.rel, text });
    }
    const official = await runOfficialCodemod(v1Files);
    for (const e of official.errors) io.err(`mcp-migrate: ${e}\n`);
    officialErrors.push(...official.errors);
    for (const f of official.findings) {
      findings.push(f);
      if (flags.json) io.out(jsonLine({ type: 'finding', ...f }));
    }
    return { overrides: official.texts, overrideBy: OFFICIAL_RULE };
  };
  const officialErrors: string[] = [];

  const walk = await walkAndRun(paths, flags, io, transforms, { transformOptions: { sdk, legacy }, prepare: sdk === 'v2' ? prepare : undefined }, (r) => {
    findings.push(...r.findings);
    if (flags.json) for (const f of r.findings) io.out(jsonLine({ type: 'finding', ...f }));
    if (r.status === 'changed') {
      sink.add({ rel: r.rel, abs: r.abs, before: r.before!, after: r.after!, readHash: r.readHash!, by: r.changedBy });
    }
  });
  const summary = sink.finish();
  for (const e of summary.errors) io.err(`mcp-migrate: ${e}\n`);
  const errors = [...walk.errors, ...officialErrors, ...summary.errors];

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
