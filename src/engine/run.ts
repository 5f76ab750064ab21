/**
 * A whole run: read each discovered file (main thread), prefilter its bytes, send the
 * matching ones to the executor, and hand results to the caller strictly in path order
 * (so output is identical for every --cpus). Only changed files keep their text; memory
 * is bounded by the files in flight.
 */
import { generatedReason } from './generated.ts';
import type { Finding } from '../findings.ts';
import type { TransformModule } from '../registry.ts';
import type { Candidate, Discovery } from './discover.ts';
import { createPrefilter } from './prefilter.ts';
import { inMcpPackage } from '../../transforms/lib/mcp-package.ts';
import { ROOMY_TEXT, createExecutor, fileTimeoutMs } from './pool.ts';
import { guarded } from './watchdog.ts';
import { isPending, settledByDetection, sitesOnLightTree, type FileOutcome, type Pending } from './run-file.ts';
import { decodeUtf8, readCandidate } from './read.ts';
import { scanMarkers, type MarkerHit } from './markers-scan.ts';
import { isTestFile, testFileFinding } from './test-files.ts';

export type ResultStatus = 'unchanged' | 'changed' | 'skipped' | 'error';

export interface FileResult {
  rel: string;
  abs: string;
  status: ResultStatus;
  /** Why a file was skipped or failed: one line. */
  reason?: string;
  findings: Finding[];
  markers: MarkerHit[];
  /** Set for changed files only. */
  before?: string;
  after?: string;
  readHash?: string;
  changedBy: string[];
  /** True if any transform looked at it (it matched a trigger). */
  parsed: boolean;
  /** A skip the user hears about without --verbose (a large or binary file left alone). */
  note?: boolean;
}

export interface RunOptions {
  transforms: TransformModule[];
  cpus: number;
  maxFileSize: number;
  transformOptions?: Record<string, unknown>;
  /** Scan for markers already in the tree (audit). */
  scanMarkers?: boolean;
  /**
   * Text to transform instead of the file's content, by absolute path (the official
   * v1-to-v2 codemod's output under --sdk v2). Diffs and stale checks still use the disk.
   */
  overrides?: Map<string, string>;
  /** Transform ids recorded as having changed an overridden file. */
  overrideBy?: string;
  /** Edit and mark test, mock and fixture files too (default: count their sites only). */
  includeTests?: boolean;
  /** Also migrate generated, minified and bundled files (default: skipped with a note). */
  includeGenerated?: boolean;
}

export interface RunStats {
  discovered: number;
  parsed: number;
  changed: number;
  skipped: number;
  errors: number;
}

export async function runFiles(
  discovery: Discovery,
  options: RunOptions,
  onResult: (r: FileResult) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<RunStats> {
  const prefilter = createPrefilter(options.transforms);
  const executor = createExecutor(options.cpus);
  const stats: RunStats = { discovered: discovery.files.length, parsed: 0, changed: 0, skipped: 0, errors: 0 };
  // A slot holds a file's result once known, or the executor's promise of it. Results are
  // emitted as soon as every earlier one is: most files are decided here in the main thread
  // without a worker, and holding their results until a window filled kept thousands alive
  // long enough to reach the old generation (100k files: ~80 MB of heap garbage).
  const slots = new Map<number, FileResult | Promise<FileResult>>();
  // In flight = read but not yet emitted. Bounded by count and by the text handed to the
  // executor (memory), not by cpus × 4: with a small window one slow file (a 1 MB bundle)
  // stalls the ordered emit and idles every other worker until it is done.
  const maxInFlight = 2048;
  const maxPendingText = 32 * 1024 * 1024;
  const textSize = new Map<number, number>();
  let pendingText = 0;
  let next = 0;
  let emitted = 0;

  /** Emits, in order, every result that is ready; stops at the first still in a worker. */
  const drain = () => {
    while (emitted < next) {
      const r = slots.get(emitted)!;
      if (r instanceof Promise) return;
      slots.delete(emitted);
      pendingText -= textSize.get(emitted) ?? 0;
      textSize.delete(emitted);
      if (r.parsed) stats.parsed++;
      if (r.status === 'changed') stats.changed++;
      else if (r.status === 'skipped') stats.skipped++;
      else if (r.status === 'error') stats.errors++;
      onResult(r);
      emitted++;
      onProgress?.(emitted, discovery.files.length);
    }
  };
  /** Waits for the oldest result not yet emitted, then emits what is ready. */
  const awaitOldest = async () => {
    await slots.get(emitted);
    drain();
  };

  const processOne = (c: Candidate, id: number): FileResult | Promise<FileResult> => {
    const abs = c.abs;
    const base = { rel: c.rel, abs, findings: [] as Finding[], markers: [] as MarkerHit[], changedBy: [] as string[], parsed: false };
    const scratchRead = readCandidate(abs, c.root, options.maxFileSize, { scratch: true });
    if (!scratchRead.ok) {
      // Too large or binary: an error only where the bytes hold a trigger token; else a note.
      const bytes = scratchRead.bytes?.();
      if (bytes && prefilter.scan(bytes, false).matching.length === 0) {
        return { ...base, status: 'skipped', reason: `${scratchRead.reason.replace(/, not (read|parsed)$/, '')}; holds no trigger token, skipped`, note: true };
      }
      return { ...base, status: scratchRead.kind, reason: scratchRead.reason };
    }
    const override = options.overrides?.get(abs);
    const scanned = override === undefined ? scratchRead.bytes : Buffer.from(override);
    const scan = prefilter.scan(scanned, !!options.scanMarkers, () => inMcpPackage(abs));
    const matching = scan.matching;
    const wantMarkers = scan.markers;
    if (matching.length === 0 && !wantMarkers && override === undefined) return { ...base, status: 'unchanged' };
    // Kept from here on: the scratch buffer is reused by the next read.
    const read = scratchRead.keep();
    const original = decodeUtf8(read.bytes);
    if (original === undefined) return { ...base, status: 'error', reason: 'not valid UTF-8 text' };
    const text = override ?? original;
    const markers = wantMarkers ? scanMarkers(text) : [];
    const generated = matching.length ? generatedReason(c.rel, original) : undefined;
    if (generated && !options.includeGenerated) return { ...base, markers, status: 'skipped', reason: `${generated}: generated code, skipped (--include-generated migrates it)`, note: true };
    const testFile = !options.includeTests && isTestFile(c.rel, original);
    const preChanged = !testFile && override !== undefined && override !== original;
    const changedResult = (after: string, by: string[]) => ({ status: 'changed' as const, before: original, after, readHash: read.hash, changedBy: by });
    if (matching.length === 0) {
      return preChanged ? { ...base, markers, ...changedResult(text, [options.overrideBy ?? 'override']) } : { ...base, status: 'unchanged' as const, markers };
    }
    const transformIds = matching.map((t) => t.meta.id);
    const toResult = (o: FileOutcome): FileResult => {
      const findings = o.findings.map((f) => ({ ...f, file: c.rel }));
      const common = { ...base, parsed: true, markers, findings };
      if (o.status === 'error') return { ...common, status: 'error', reason: o.error };
      if (testFile) return { ...common, findings: testFileFinding(c.rel, findings), status: 'unchanged' };
      const by = [...(preChanged ? [options.overrideBy ?? 'override'] : []), ...o.changedBy];
      const after = o.status === 'changed' ? o.output! : text;
      return after !== original ? { ...common, ...changedResult(after, by) } : { ...common, status: 'unchanged' };
    };
    // Small files get the detection pass here: most are settled by it, and a run whose files
    // all are never starts a worker (module loads and a cold JIT per worker). Bigger ones
    // (bundles) detect in a worker, under the per-file time limit.
    // Generated code let in by --include-generated goes straight to recast's tree: bundles hold
    // whole SDKs, so some rule nearly always acts on one, and detecting first would parse twice.
    // The repo's own tests are never edited, only their sites counted: the light tree's
    // findings are the count, and recast's tree would print output that is thrown away.
    if (testFile) return toResult(guarded(c.rel, fileTimeoutMs(text.length), () => sitesOnLightTree(c.rel, text, matching, { transformOptions: options.transformOptions })));
    let detected: Pending | undefined = generated ? { from: 0, findings: [] } : undefined;
    if (!detected && text.length <= ROOMY_TEXT) {
      const settled = guarded(c.rel, fileTimeoutMs(text.length), () => settledByDetection(c.rel, text, matching, { transformOptions: options.transformOptions }));
      if (!isPending(settled)) return toResult(settled);
      detected = settled;
    }
    textSize.set(id, text.length);
    pendingText += text.length;
    return executor
      .run({ id, rel: c.rel, text, transformIds, transformOptions: options.transformOptions ?? {}, detected })
      .then(toResult);
  };

  // Files sent to a worker and not yet answered. While there are any, the read loop yields
  // to the event loop every YIELD_EVERY files: a worker's answer (and the next job it is
  // handed) is a message event, and a loop that only awaited when its window filled left
  // the workers idle while it read up to maxInFlight files.
  let awaitingWorkers = 0;
  const YIELD_EVERY = 16;
  const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

  try {
    for (const c of discovery.files) {
      const id = next++;
      const r = processOne(c, id);
      if (r instanceof Promise) {
        awaitingWorkers++;
        slots.set(id, r.then((done) => (awaitingWorkers--, slots.set(id, done), done)));
      } else {
        slots.set(id, r);
      }
      drain();
      while (next - emitted >= maxInFlight || pendingText > maxPendingText) await awaitOldest();
      if (awaitingWorkers > 0 && id % YIELD_EVERY === YIELD_EVERY - 1) {
        await yieldToEvents();
        drain();
      }
    }
    while (emitted < next) await awaitOldest();
  } finally {
    await executor.close();
  }
  return stats;
}
