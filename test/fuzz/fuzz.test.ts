/**
 * Fuzz: seeded, bounded, deterministic mutations of every fixture file under
 * __testfixtures__ (inputs and expected outputs), written to a temp tree and migrated with
 * the built binary (`migrate --write --json`, two workers), so the whole path is exercised:
 * discovery, safe read, prefilter, worker pool with its time limit, parse check, atomic write.
 *
 * Mutations: truncation, random byte flips, deleted braces, huge lines, deeply nested
 * expressions (appended to a parsable file, and spliced into the middle), mixed EOLs
 * (CRLF, lone CR), BOM, NUL bytes, non-UTF-8 (stray continuation byte, truncated sequence,
 * overlong encoding, Latin-1 line, UTF-16).
 *
 * Promises checked: the run never crashes (exit 0 or 2, no internal error, a summary
 * record); every file on disk afterwards is either byte-identical to its mutated input or
 * valid UTF-8 that parses; every bad input the engine looks at (it matched a trigger) is
 * reported by name with a one-line error; no temp file is left behind.
 *
 * Bounded: about CASE_BUDGET cases, each fixture file getting a few mutation kinds in
 * round-robin order, so every kind is applied to many fixtures. A case's random stream is
 * seeded from its fixture's path and the mutation's name (fixed SEED): same bytes every run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cleanup, runCli, tempDir } from '../helpers/cli.ts';
import { fixtureCases } from '../helpers/fixtures.ts';
import { TRANSFORMS } from '../../src/registry.ts';
import { parserFor } from '../../transforms/lib/parser.ts';
import { createPrefilter } from '../../src/engine/prefilter.ts';
import { decodeUtf8 } from '../../src/engine/read.ts';

const SEED = 0x6d63706d; // 'mcpm'
/** Cases per run (about); each fixture file gets at least MIN_PER_FILE mutations. */
const CASE_BUDGET = 450;
const MIN_PER_FILE = 3;
const dirs: string[] = [];
afterAll(() => cleanup(...dirs));

/** mulberry32: tiny, fast, good enough for choosing offsets. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

function seedOf(...parts: string[]): number {
  return createHash('sha1').update(`${SEED}:${parts.join(':')}`).digest().readUInt32LE(0);
}

type Rand = ReturnType<typeof rng>;
const cat = (...parts: Array<Buffer | string>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
const spliceAt = (b: Buffer, at: number, insert: Buffer | string, del = 0) => cat(b.subarray(0, at), insert, b.subarray(at + del));
const lineStarts = (b: Buffer) => [0, ...[...b.toString('latin1').matchAll(/\n/g)].map((m) => m.index! + 1)].filter((i) => i < b.length);
const indicesOf = (b: Buffer, byte: number) => [...b.keys()].filter((i) => b[i] === byte);

const nest = (depth: number, open: string, close: string, core = '0') => `${open.repeat(depth)}${core}${close.repeat(depth)}`;

/** name → mutation; each returns the mutated bytes (or undefined when it does not apply). */
const MUTATIONS: Record<string, (b: Buffer, r: Rand) => Buffer | undefined> = {
  'truncate-early': (b, r) => b.subarray(0, r.int(Math.max(1, b.length >> 2))),
  'truncate-middle': (b, r) => b.subarray(0, (b.length >> 2) + r.int(Math.max(1, b.length >> 1))),
  'truncate-last-byte': (b) => b.subarray(0, b.length - 1),
  'flip-1-byte': (b, r) => flip(b, r, 1),
  'flip-8-bytes': (b, r) => flip(b, r, 8),
  'flip-64-bytes': (b, r) => flip(b, r, 64),
  'delete-open-brace': (b, r) => deleteOne(b, r, 0x7b),
  'delete-close-brace': (b, r) => deleteOne(b, r, 0x7d),
  'delete-all-close-braces': (b) => Buffer.from(b.toString('latin1').replace(/\}/g, ''), 'latin1'),
  'duplicate-open-paren': (b, r) => {
    const at = indicesOf(b, 0x28);
    return at.length ? spliceAt(b, at[r.int(at.length)], '(') : undefined;
  },
  'huge-string-line': (b) => cat(b, `\nexport const __huge = '${'x'.repeat(200_000)}';\n`),
  'huge-expression-line': (b) => cat(b, `\nexport const __sum = ${Array.from({ length: 1_500 }, (_, i) => `v${i % 7}`).join(' + ')};\n`),
  'huge-line-middle': (b, r) => {
    const at = lineStarts(b);
    return spliceAt(b, at[r.int(at.length)], `/* ${'y'.repeat(100_000)} */ `);
  },
  'deep-parens-append': (b) => cat(b, `\nexport const __deep = ${nest(2_000, '(', ')')};\n`),
  'deep-arrays-append': (b) => cat(b, `\nexport const __deep = ${nest(2_000, '[', ']')};\n`),
  'deep-calls-append': (b) => cat(b, `\nexport const __deep = ${nest(1_500, 'f(', ')')};\n`),
  'deep-arrows-append': (b) => cat(b, `\nexport const __deep = ${'() => '.repeat(1_500)}0;\n`),
  'deep-objects-append': (b) => cat(b, `\nexport const __deep = ${nest(1_500, '{ a: ', ' }')};\n`),
  'very-deep-parens-append': (b) => cat(b, `\nexport const __deep = ${nest(50_000, '(', ')')};\n`),
  'deep-parens-middle': (b, r) => {
    const at = lineStarts(b);
    return spliceAt(b, at[r.int(at.length)], `${nest(800, '(', ')')};\n`);
  },
  'mixed-eol-crlf-lf': (b, r) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, () => (r.next() < 0.5 ? '\r\n' : '\n')), 'latin1'),
  'mixed-eol-lone-cr': (b, r) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, () => ['\r', '\n', '\r\n'][r.int(3)]), 'latin1'),
  'bom': (b) => (b[0] === 0xef ? undefined : cat(Buffer.from([0xef, 0xbb, 0xbf]), b)),
  'double-bom': (b) => cat(Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), b),
  'bom-crlf-no-final-newline': (b) => cat(Buffer.from([0xef, 0xbb, 0xbf]), b.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '')),
  'nul-byte': (b, r) => spliceAt(b, r.int(b.length), Buffer.from([0])),
  'stray-continuation-byte': (b, r) => spliceAt(b, r.int(b.length), Buffer.from([0x80])),
  'truncated-utf8-sequence': (b, r) => spliceAt(b, r.int(b.length), Buffer.from([0xe2, 0x82])),
  'overlong-utf8': (b, r) => spliceAt(b, r.int(b.length), Buffer.from([0xc0, 0xaf])),
  'latin1-comment': (b, r) => {
    const at = lineStarts(b);
    return spliceAt(b, at[r.int(at.length)], Buffer.from('// caf\xe9 na\xefve\n', 'latin1'));
  },
  'utf16le': (b) => cat(Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')),
};

function flip(b: Buffer, r: Rand, n: number): Buffer {
  const out = Buffer.from(b);
  for (let i = 0; i < n && out.length; i++) out[r.int(out.length)] ^= 1 << r.int(8);
  return out;
}

function deleteOne(b: Buffer, r: Rand, byte: number): Buffer | undefined {
  const at = indicesOf(b, byte);
  return at.length ? spliceAt(b, at[r.int(at.length)], '', 1) : undefined;
}

/**
 * Does it parse? Checked in a worker thread with a large stack: how deep the parser can
 * recurse on deeply nested input depends on the thread's stack and even on how warm the
 * JIT is, so near that edge two threads can disagree. The engine's workers have the
 * default stack; whatever they parse, this bigger one parses too, and a syntax error is a
 * syntax error in both.
 */
function createVerifier(dir: string) {
  const script = join(dir, '..', `${Date.now()}-verify.cjs`);
  writeFileSync(
    script,
    `const { parentPort, workerData } = require('node:worker_threads');
const req = require('node:module').createRequire(workerData.pkg);
const parsers = {};
parentPort.on('message', ({ id, parser, text }) => {
  let ok = true;
  try { (parsers[parser] ??= req('jscodeshift/parser/' + parser)()).parse(text); } catch { ok = false; }
  parentPort.postMessage({ id, ok });
});
`,
  );
  const worker = new Worker(script, {
    workerData: { pkg: join(import.meta.dirname, '..', '..', 'package.json') },
    resourceLimits: { stackSizeMb: 256 },
  });
  const waiting = new Map<number, (ok: boolean) => void>();
  worker.on('message', (m: { id: number; ok: boolean }) => waiting.get(m.id)?.(m.ok));
  let next = 0;
  return {
    parses(name: string, bytes: Buffer): Promise<boolean> {
      const text = decodeUtf8(bytes);
      if (text === undefined || text.includes('\0')) return Promise.resolve(false);
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, parser: parserFor(name), text: text.replace(/^\uFEFF/, '') });
      });
    },
    async close() {
      await worker.terminate();
      rmSync(script, { force: true });
    },
  };
}

interface Case { name: string; bytes: Buffer; bad: boolean; matched: boolean }

/** Every fixture file (inputs and outputs, identical contents once), sorted, each mutated a few ways. */
async function buildCases(verify: ReturnType<typeof createVerifier>): Promise<Case[]> {
  const prefilter = createPrefilter(TRANSFORMS);
  const seen = new Set<string>();
  const cases: Case[] = [];
  const files: Array<{ transform: string; name: string; role: string; original: Buffer; ext: string }> = [];
  for (const fx of fixtureCases()) {
    for (const [role, path] of [['in', fx.inputPath], ['out', fx.outputPath]] as const) {
      if (!existsSync(path)) continue;
      const original = readFileSync(path);
      const digest = createHash('sha1').update(original).digest('hex');
      if (seen.has(digest)) continue;
      seen.add(digest);
      const ext = path.slice(path.lastIndexOf('.'));
      files.push({ transform: fx.transform, name: fx.name, role, original, ext });
    }
  }
  // Round-robin over the mutation list, a fixed number per file, so every mutation kind is
  // used on many fixtures while the total stays within the CI budget as fixtures are added.
  const kinds = Object.entries(MUTATIONS);
  const perFile = Math.min(kinds.length, Math.max(MIN_PER_FILE, Math.floor(CASE_BUDGET / Math.max(1, files.length))));
  files.forEach((f, i) => {
    for (let k = 0; k < perFile; k++) {
      const [mutation, fn] = kinds[(i * perFile + k) % kinds.length];
      const bytes = fn(f.original, rng(seedOf(f.transform, f.name, f.role, mutation)));
      if (!bytes) continue;
      const name = `${f.transform}--${f.name}--${f.role}--${mutation}${f.ext}`;
      cases.push({ name, bytes, bad: false, matched: prefilter.matching(bytes).length > 0 });
    }
  });
  const ok = await Promise.all(cases.map((c) => verify.parses(c.name, c.bytes)));
  cases.forEach((c, i) => (c.bad = !ok[i]));
  return cases;
}

describe('fuzz: mutated fixtures through migrate --write', () => {
  it('never crashes, never writes a file that does not parse, reports each bad file by name', { timeout: 600_000 }, async () => {
    expect(existsSync(CLI), 'build first (npm run build)').toBe(true);
    const dir = tempDir('mcp-migrate-fuzz-');
    dirs.push(dir);
    const verify = createVerifier(dir);
    const t0 = Date.now();
    const cases = await buildCases(verify);
    const t1 = Date.now();
    for (const c of cases) writeFileSync(join(dir, c.name), c.bytes);

    const r = runCli(['migrate', '.', '--write', '--allow-no-vcs', '--json', '--cpus', '2'], { cwd: dir, maxBuffer: 512 * 1024 * 1024, timeout: 600_000 });
    expect([0, 2], r.stderr.slice(0, 2000)).toContain(r.code);
    expect(r.stderr).not.toMatch(/internal error/);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = records.find((x) => x.type === 'summary');
    expect(summary, 'the run finished with a summary').toBeDefined();
    const errors = new Map<string, string>(records.filter((x) => x.type === 'error').map((x) => [x.path, x.message]));
    const changed = new Set<string>(records.filter((x) => x.type === 'change').map((x) => x.path));

    const t2 = Date.now();
    const problems: string[] = [];
    const after = cases.map((c) => readFileSync(join(dir, c.name)));
    const afterParses = await Promise.all(cases.map((c, i) => (after[i].equals(c.bytes) ? true : verify.parses(c.name, after[i]))));
    await verify.close();
    cases.forEach((c, i) => {
      const untouched = after[i].equals(c.bytes);
      if (!untouched && !afterParses[i]) problems.push(`${c.name}: written output does not parse`);
      if (!untouched && !changed.has(c.name)) problems.push(`${c.name}: rewritten without a change record`);
      // A file whose mutation made it look generated (a 100 KB line) is skipped unread, by name.
      const skippedAsGenerated = r.stderr.split('\n').some((l) => l.startsWith(`skipped ${c.name}: `) && l.includes('generated code, skipped'));
      if (skippedAsGenerated && !untouched) problems.push(`${c.name}: skipped as generated, yet rewritten`);
      if (c.bad && c.matched && !errors.has(c.name) && !skippedAsGenerated) problems.push(`${c.name}: bad input the engine parsed, but no error names it`);
      if (errors.has(c.name) && !untouched) problems.push(`${c.name}: reported as an error, yet rewritten`);
      const message = errors.get(c.name);
      if (message !== undefined && (message === '' || message.includes('\n'))) problems.push(`${c.name}: error is not one line: ${JSON.stringify(message)}`);
      if (message !== undefined && !r.stderr.includes(`mcp-migrate: ${c.name}: `)) problems.push(`${c.name}: error not on stderr by name`);
    });
    for (const p of errors.keys()) if (!cases.some((c) => c.name === p)) problems.push(`error for an unknown path: ${p}`);
    const stray = readdirSync(dir).filter((n) => !cases.some((c) => c.name === n));
    expect(stray, 'no temp or other stray file').toEqual([]);

    const bad = cases.filter((c) => c.bad);
    const reasons = new Map<string, number>();
    for (const m of errors.values()) {
      const key = m.replace(/\(.*$/, '').replace(/\d+/g, 'N').trim().slice(0, 50);
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    console.log(
      `fuzz: ${cases.length} cases from ${new Set(cases.map((c) => c.name.split('--').slice(0, 3).join('--'))).size} fixture files × ${Object.keys(MUTATIONS).length} mutations` +
        ` round-robin (seed ${SEED.toString(16)}); ${bad.length} bad inputs (${bad.filter((c) => c.matched).length} matched a trigger), ` +
        `${errors.size} reported, ${changed.size} rewritten, exit ${r.code}` +
        ` (build ${t1 - t0} ms, run ${t2 - t1} ms, verify ${Date.now() - t2} ms)\n` +
        [...reasons].map(([k, n]) => `  ${n} × ${k}`).join('\n') +
        // Not failures of the promise (the file was left as is, by name), but worth a look:
        // a transform that throws, times out, or produced output the engine had to reject.
        [...errors].filter(([, m]) => !/^(cannot parse|not valid UTF-8|binary file)/.test(m)).map(([p, m]) => `\n  notable: ${p}: ${m}`).join(''),
    );
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThan(300);
  });
});
