/** Discovery + run with the user-facing side effects every file command shares. */
import { discover, type Discovery } from '../engine/discover.ts';
import { runFiles, type FileResult, type RunStats } from '../engine/run.ts';
import type { TransformModule } from '../registry.ts';
import { discoverOptions, parseCpus, parseSize, type CommonFlags } from './options.ts';
import { jsonLine, progressBar, type Io } from './io.ts';

export interface WalkOutcome {
  discovery: Discovery;
  stats: RunStats;
  /** One-line problems; any makes the exit code 2. */
  errors: string[];
}

export async function walkAndRun(
  paths: string[],
  flags: CommonFlags,
  io: Io,
  transforms: TransformModule[],
  extra: {
    transformOptions?: Record<string, unknown>;
    scanMarkers?: boolean;
    /** Runs after discovery, before the transforms: may supply replacement texts (--sdk v2). */
    prepare?: (discovery: Discovery) => Promise<{ overrides: Map<string, string>; overrideBy: string }>;
  },
  onResult: (r: FileResult) => void,
): Promise<WalkOutcome> {
  const cpus = parseCpus(flags.cpus);
  const maxFileSize = parseSize(flags.maxFileSize);
  const discovery = discover(paths, discoverOptions(flags, io.cwd));
  const errors: string[] = [];
  const problem = (path: string, reason: string) => {
    const line = `${path}: ${reason}`;
    errors.push(line);
    io.err(`mcp-migrate: ${line}\n`);
    if (flags.json) io.out(jsonLine({ type: 'error', path, message: reason }));
  };
  for (const e of discovery.errors) {
    errors.push(e);
    io.err(`mcp-migrate: ${e}\n`);
    if (flags.json) io.out(jsonLine({ type: 'error', path: e.split(':')[0], message: e }));
  }
  if (flags.verbose) for (const s of discovery.skipped) io.err(`skipped ${s.rel}: ${s.reason}\n`);

  const prepared = extra.prepare ? await extra.prepare(discovery) : undefined;
  const bar = progressBar(io, !flags.json && !flags.quiet);
  const stats = await runFiles(
    discovery,
    { transforms, cpus, maxFileSize, transformOptions: extra.transformOptions, scanMarkers: extra.scanMarkers, includeTests: !!flags.includeTests, includeGenerated: !!flags.includeGenerated, ...prepared },
    (r) => {
      if (r.status === 'error') problem(r.rel, r.reason ?? 'failed');
      else if (r.status === 'skipped' && (flags.verbose || (r.note && !flags.quiet))) io.err(`skipped ${r.rel}: ${r.reason}\n`);
      onResult(r);
    },
    bar.tick,
  );
  bar.done();
  return { discovery, stats, errors };
}
