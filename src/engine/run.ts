/**
 * A whole run: read each discovered file (main thread), prefilter its bytes, send the
 * matching ones to the executor, and hand results to the caller strictly in path order
 * (so output is identical for every --cpus). Only changed files keep their text; memory
 * is bounded by the files in flight.
 */
import type { Finding } from '../findings.ts';
import type { TransformModule } from '../../transforms/index.ts';
import type { Candidate, Discovery } from './discover.ts';
import { createPrefilter } from './prefilter.ts';
import { createExecutor } from './pool.ts';
import { decodeUtf8, readCandidate } from './read.ts';
import { scanMarkers, type MarkerHit } from './markers-scan.ts';

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
}

export interface RunOptions {
  transforms: TransformModule[];
  cpus: number;
  maxFileSize: number;
  transformOptions?: Record<string, unknown>;
  /** Scan for markers already in the tree (audit). */
  scanMarkers?: boolean;
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
  const pending = new Map<number, Promise<FileResult>>();
  const maxInFlight = Math.max(4, options.cpus * 4);
  let next = 0;
  let emitted = 0;

  const emit = async (upTo: number) => {
    while (emitted < upTo) {
      const r = await pending.get(emitted)!;
      pending.delete(emitted);
      if (r.parsed) stats.parsed++;
      if (r.status === 'changed') stats.changed++;
      else if (r.status === 'skipped') stats.skipped++;
      else if (r.status === 'error') stats.errors++;
      onResult(r);
      emitted++;
      onProgress?.(emitted, discovery.files.length);
    }
  };

  const processOne = (c: Candidate, id: number): Promise<FileResult> => {
    const base = { rel: c.rel, abs: c.abs, findings: [] as Finding[], markers: [] as MarkerHit[], changedBy: [] as string[], parsed: false };
    const read = readCandidate(c.abs, c.root, options.maxFileSize);
    if (!read.ok) return Promise.resolve({ ...base, status: read.kind, reason: read.reason });
    const matching = prefilter.matching(read.bytes);
    const wantMarkers = options.scanMarkers && prefilter.mayHaveMarkers(read.bytes);
    if (matching.length === 0 && !wantMarkers) return Promise.resolve({ ...base, status: 'unchanged' });
    const text = decodeUtf8(read.bytes);
    if (text === undefined) return Promise.resolve({ ...base, status: 'error', reason: 'not valid UTF-8 text' });
    const markers = wantMarkers ? scanMarkers(text) : [];
    if (matching.length === 0) return Promise.resolve({ ...base, status: 'unchanged', markers });
    return executor
      .run({ id, rel: c.rel, text, transformIds: matching.map((t) => t.meta.id), transformOptions: options.transformOptions ?? {} })
      .then((o) => ({
        ...base,
        parsed: true,
        markers,
        status: o.status,
        reason: o.error,
        findings: o.findings.map((f) => ({ ...f, file: c.rel })),
        changedBy: o.changedBy,
        ...(o.status === 'changed' ? { before: text, after: o.output, readHash: read.hash } : {}),
      }));
  };

  try {
    for (const c of discovery.files) {
      pending.set(next, processOne(c, next));
      next++;
      if (next - emitted >= maxInFlight) await emit(next - maxInFlight + 1);
    }
    await emit(next);
  } finally {
    await executor.close();
  }
  return stats;
}
