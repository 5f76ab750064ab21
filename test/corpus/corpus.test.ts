/**
 * Corpus check: every registered transform, in preview mode, over the JS/TS sources of our
 * own node_modules (thousands of real files none of us wrote), through the engine itself
 * (readCandidate → prefilter → worker pool with its per-file time limit → ordered results).
 *
 * - No transform throws, no file hits the time limit, no worker dies (each would be an
 *   error result naming the file; the test lists them).
 * - Every changed output parses (checked here again, independently of run-file.ts), comes
 *   with at least one finding (a transform never rewrites a file silently), and a second
 *   run on the output changes nothing.
 * - Preview leaves every file byte-identical on disk.
 * - Most files contain no trigger token, so the prefilter alone would leave the transforms
 *   idle: a deterministic sample is also run through every transform directly (bypassing the
 *   prefilter), with the same checks.
 *
 * Inputs the engine refuses (non-UTF-8, NUL bytes, syntax the parser does not read) are
 * counted, not failed: refusing them with one line is the correct behaviour.
 *
 * Budget: the candidate list is the sorted file list capped by count, per-file size and
 * total bytes (constants below), so the run fits CI on 2 cores. Transforms are read from
 * src/registry.ts, so every transform registered later is covered automatically.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TRANSFORMS } from '../../src/registry.ts';
import { SOURCE_EXTENSIONS, parserFor } from '../../transforms/lib/parser.ts';
import type { Candidate } from '../../src/engine/discover.ts';
import { runFiles, type FileResult } from '../../src/engine/run.ts';
import { createExecutor, type Job } from '../../src/engine/pool.ts';
import { createPrefilter } from '../../src/engine/prefilter.ts';
import { decodeUtf8, hashBytes } from '../../src/engine/read.ts';
import type { FileOutcome } from '../../src/engine/run-file.ts';

const REPO = join(import.meta.dirname, '..', '..');
const NODE_MODULES = join(REPO, 'node_modules');

/** Per-file size cap (bigger files are minified bundles: slow to parse, nothing new to learn). */
const MAX_FILE_BYTES = 256 * 1024;
const MAX_FILES = 6000;
const MAX_TOTAL_BYTES = 48 * 1024 * 1024;
/** Files run through every transform with the prefilter bypassed. */
const DIRECT_SAMPLE = 300;
const DIRECT_MAX_FILE_BYTES = 16 * 1024;
const CPUS = 2;

const require = createRequire(import.meta.url);
const parsers = new Map<string, { parse(code: string): unknown }>();
function parses(rel: string, text: string): string | undefined {
  const name = parserFor(rel);
  if (!parsers.has(name)) parsers.set(name, (require(`jscodeshift/parser/${name}`) as () => { parse(code: string): unknown })());
  try {
    parsers.get(name)!.parse(text.replace(/^\uFEFF/, ''));
    return undefined;
  } catch (err) {
    return String((err as Error).message).split('\n')[0];
  }
}

const EXTENSIONS = new Set(SOURCE_EXTENSIONS);
function isSource(name: string): boolean {
  if (/\.d\.[mc]?ts$/.test(name)) return false;
  const dot = name.lastIndexOf('.');
  return dot > 0 && EXTENSIONS.has(name.slice(dot).toLowerCase());
}

interface Entry { candidate: Candidate; size: number }

/** Every JS/TS source under node_modules, sorted by path, symlinks not followed, capped. */
function corpus(): { entries: Entry[]; seen: number; tooBig: number } {
  const all: Entry[] = [];
  const stack = [NODE_MODULES];
  while (stack.length) {
    const dir = stack.pop()!;
    let list;
    try {
      list = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of list) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) stack.push(abs);
      else if (e.isFile() && isSource(e.name)) all.push({ candidate: { abs, rel: relative(REPO, abs).split('\\').join('/'), root: REPO }, size: 0 });
    }
  }
  all.sort((a, b) => (a.candidate.rel < b.candidate.rel ? -1 : a.candidate.rel > b.candidate.rel ? 1 : 0));
  const entries: Entry[] = [];
  let bytes = 0;
  let tooBig = 0;
  for (const e of all) {
    e.size = readFileSync(e.candidate.abs).length;
    if (e.size > MAX_FILE_BYTES) {
      tooBig++;
      continue;
    }
    if (entries.length >= MAX_FILES || bytes + e.size > MAX_TOTAL_BYTES) break;
    entries.push(e);
    bytes += e.size;
  }
  return { entries, seen: all.length, tooBig };
}

/** Results the engine may legitimately give for a real file: a refusal of its input. */
function isInputRefusal(reason: string | undefined): boolean {
  return /^(cannot parse|not valid UTF-8|binary file|cannot read|symlink)/.test(reason ?? '');
}

interface Problem { rel: string; problem: string }

const state = {
  entries: [] as Entry[],
  seen: 0,
  tooBig: 0,
  results: [] as FileResult[],
  hashesBefore: new Map<string, string>(),
  problems: [] as Problem[],
  refusals: [] as Problem[],
  idempotency: 0,
  direct: { files: 0, changed: 0, unchanged: 0, findings: 0 },
};

/** The checks every changed output must pass; the second run is collected for later. */
function checkChanged(rel: string, after: string, findings: number, by: string, problems: Problem[]) {
  const syntax = parses(rel, after);
  if (syntax) problems.push({ rel, problem: `${by}: changed output does not parse (${syntax})` });
  if (findings === 0) problems.push({ rel, problem: `${by}: changed the file without reporting a finding` });
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && la[i] === lb[i]) i++;
  return `line ${i + 1}: ${JSON.stringify((la[i] ?? '').trim().slice(0, 60))} → ${JSON.stringify((lb[i] ?? '').trim().slice(0, 60))}`;
}

async function secondRun(executor: ReturnType<typeof createExecutor>, items: Array<{ rel: string; after: string; ids: string[] }>, problems: Problem[]) {
  const outcomes = await Promise.all(
    items.map((it, i) => executor.run({ id: i, rel: it.rel, text: it.after, transformIds: it.ids, transformOptions: { sdk: 'auto' } })),
  );
  outcomes.forEach((o, i) => {
    if (o.status === 'unchanged') return;
    const detail = o.status === 'changed' ? `changed again by ${o.changedBy.join(', ')} at ${firstDifference(items[i].after, o.output!)}` : o.error;
    problems.push({ rel: items[i].rel, problem: `second run not a no-op: ${detail}` });
  });
  return outcomes.length;
}

beforeAll(async () => {
  const { entries, seen, tooBig } = corpus();
  Object.assign(state, { entries, seen, tooBig });
  for (const e of entries) state.hashesBefore.set(e.candidate.abs, hashBytes(readFileSync(e.candidate.abs)));

  const t0 = Date.now();
  const cpu0 = process.cpuUsage(); // process-wide: includes the worker threads
  // 1. The engine's own run, prefilter included, exactly as `migrate` (preview) drives it.
  await runFiles(
    { files: entries.map((e) => e.candidate), skipped: [], errors: [] },
    { transforms: TRANSFORMS, cpus: CPUS, maxFileSize: MAX_FILE_BYTES, transformOptions: { sdk: 'auto' } },
    (r) => state.results.push(r),
  );
  const t1 = Date.now();
  const prefilter = createPrefilter(TRANSFORMS);
  const executor = createExecutor(CPUS);
  let t2 = 0;
  try {
    const again: Array<{ rel: string; after: string; ids: string[] }> = [];
    for (const r of state.results) {
      if (r.status === 'error') (isInputRefusal(r.reason) ? state.refusals : state.problems).push({ rel: r.rel, problem: r.reason ?? 'error' });
      if (r.status !== 'changed') continue;
      checkChanged(r.rel, r.after!, r.findings.length, r.changedBy.join(', '), state.problems);
      again.push({ rel: r.rel, after: r.after!, ids: prefilter.matching(Buffer.from(r.after!)).map((t) => t.meta.id) });
    }

    // 2. Every transform directly on a deterministic sample (every k-th small file that no
    // trigger matched: the matched ones were exercised above), bypassing the prefilter.
    const matched = new Set(state.results.filter((r) => r.parsed).map((r) => r.rel));
    const pool = entries.filter((e) => e.size <= DIRECT_MAX_FILE_BYTES && !matched.has(e.candidate.rel));
    const step = Math.max(1, Math.floor(pool.length / DIRECT_SAMPLE));
    const sample = pool.filter((_, i) => i % step === 0).slice(0, DIRECT_SAMPLE);
    const allIds = TRANSFORMS.map((t) => t.meta.id);
    const jobs: Job[] = [];
    for (const e of sample) {
      const text = decodeUtf8(readFileSync(e.candidate.abs));
      if (text === undefined || text.includes('\0')) continue;
      jobs.push({ id: jobs.length, rel: e.candidate.rel, text, transformIds: allIds, transformOptions: { sdk: 'auto' } });
    }
    const outcomes: FileOutcome[] = await Promise.all(jobs.map((j) => executor.run(j)));
    state.direct.files = jobs.length;
    outcomes.forEach((o, i) => {
      const rel = jobs[i].rel;
      state.direct.findings += o.findings.length;
      if (o.status === 'error') (isInputRefusal(o.error) ? state.refusals : state.problems).push({ rel, problem: `direct: ${o.error}` });
      else if (o.status === 'unchanged') state.direct.unchanged++;
      else {
        state.direct.changed++;
        checkChanged(rel, o.output!, o.findings.length, `direct ${o.changedBy.join(', ')}`, state.problems);
        again.push({ rel, after: o.output!, ids: allIds });
      }
    });

    t2 = Date.now();
    // 3. A second run on every output changes nothing.
    state.idempotency = await secondRun(executor, again, state.problems);
  } finally {
    await executor.close();
  }

  const count = (s: string) => state.results.filter((r) => r.status === s).length;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    [
      `corpus: ${entries.length} files (${mb(entries.reduce((a, e) => a + e.size, 0))} MB) of ${seen} JS/TS sources in node_modules` +
        ` (${tooBig} over ${MAX_FILE_BYTES / 1024} KB left out), ${TRANSFORMS.length} transforms: ${TRANSFORMS.map((t) => t.meta.id).join(', ')}`,
      `engine run: ${state.results.filter((r) => r.parsed).length} matched a trigger and were parsed, ${count('changed')} changed,` +
        ` ${count('unchanged')} unchanged, ${count('skipped')} skipped, ${count('error')} errors` +
        ` (${state.refusals.filter((p) => !p.problem.startsWith('direct')).length} refused inputs)`,
      `direct run (prefilter bypassed): ${state.direct.files} files, ${state.direct.changed} changed, ${state.direct.findings} findings`,
      `second run on ${state.idempotency} outputs; problems: ${state.problems.length}`,
      `time: engine run ${t1 - t0} ms, direct ${t2 - t1} ms, second run ${Date.now() - t2} ms;` +
        ` CPU ${((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6).toFixed(1)} s`,
      ...state.refusals.slice(0, 10).map((p) => `  refused ${p.rel}: ${p.problem}`),
    ].join('\n'),
  );
}, 600_000);

describe('corpus: every transform over node_modules', () => {
  it('covers thousands of real files and every registered transform', () => {
    expect(state.entries.length).toBeGreaterThan(1000);
    expect(state.results.length).toBe(state.entries.length);
    expect(state.direct.files).toBeGreaterThan(100);
  });

  it('no transform failure, time-out, worker crash, unparsable output, silent rewrite or non-idempotent output', () => {
    expect(state.problems.map((p) => `${p.rel}: ${p.problem}`)).toEqual([]);
  });

  it('refusals are one line each and name a reason', () => {
    for (const r of state.refusals) expect(r.problem).not.toContain('\n');
  });

  it('preview leaves every file byte-identical on disk', () => {
    for (const e of state.entries) expect(hashBytes(readFileSync(e.candidate.abs)), e.candidate.rel).toBe(state.hashesBefore.get(e.candidate.abs));
  });
});
