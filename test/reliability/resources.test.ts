/**
 * Resource bounds: a stuck transform costs one error (per-file time limit, enforced by
 * terminating its worker), a huge generated file is refused unread with one line, and a
 * run over a big tree keeps memory bounded because results are streamed, not held.
 *
 * Tree size: CI uses a 20,000-file tree (generation + run fit the time budget on 2 cores);
 * MCP_MIGRATE_BIG_TREE=100000 runs the full 100k-file tree (measured: 238-285 MB peak RSS,
 * the same bound applies). The memory assertion is a resource bound, not a timing one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, cleanup, runCli, tempDir } from '../helpers/cli.ts';
import { FIXTURE_ROOT } from '../helpers/fixtures.ts';
import { createExecutor, fileTimeoutMs, ROOMY_TEXT, type Job } from '../../src/engine/pool.ts';

const dirs: string[] = [];
afterAll(() => cleanup(...dirs));

const MIGRATABLE = readFileSync(join(FIXTURE_ROOT, 'resource-not-found-code', 'server-throws.input.ts'));

/** Writes a worker script (in a temp dir removed after the file's tests) and returns its path. */
function standInWorker(source: string): string {
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir, 'worker.mjs');
  writeFileSync(file, source);
  return file;
}

describe('per-file time limit', () => {
  it('a stuck, exiting or crashing worker costs one error naming the job; the rest of the run goes on', async () => {
    // A stand-in worker speaking the engine's protocol: it hangs, exits or throws on cue.
    const workerFile = standInWorker(
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.rel.includes('hang')) for (;;) {}
  if (job.rel.includes('exit')) process.exit(3);
  if (job.rel.includes('throw')) throw new Error('boom');
  parentPort.postMessage({ id: job.id, outcome: { status: 'unchanged', findings: [], changedBy: [] } });
});
`,
    );
    const names = ['a.ts', 'hang.ts', 'b.ts', 'exit.ts', 'c.ts', 'throw.ts', 'd.ts', 'hang-2.ts', 'e.ts'];
    for (const cpus of [1, 2]) {
      // Only the stuck jobs get a short limit: a fresh worker's start-up counts against the
      // limit, and on a loaded machine that alone can take longer than half a second.
      const executor = createExecutor(cpus, { workerFile, timeoutMs: (j) => (j.rel.includes('hang') ? 500 : 120_000) });
      const job = (rel: string, id: number): Job => ({ id, rel, text: '', transformIds: ['t'], transformOptions: {} });
      const outcomes = await Promise.all(names.map((n, i) => executor.run(job(n, i))));
      await executor.close();
      const by = new Map(names.map((n, i) => [n, outcomes[i]]));
      for (const ok of ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts']) expect(by.get(ok), `${ok} (cpus ${cpus})`).toMatchObject({ status: 'unchanged' });
      expect(by.get('hang.ts')).toMatchObject({ status: 'error', error: expect.stringMatching(/did not finish within 0\.5 s \(t\)/) });
      expect(by.get('hang-2.ts')).toMatchObject({ status: 'error', error: expect.stringMatching(/did not finish/) });
      expect(by.get('exit.ts')).toMatchObject({ status: 'error', error: expect.stringMatching(/worker exited \(code 3\)/) });
      expect(by.get('throw.ts')).toMatchObject({ status: 'error', error: expect.stringMatching(/worker crashed: boom/) });
      for (const o of outcomes) if (o.error) expect(o.error).not.toContain('\n');
    }
  });

  it('a file too big for a compact worker runs in the roomy one, never fails for it', async () => {
    // The stand-in answers with its own old-generation cap; on 'oom' it allocates until
    // its heap is full, which only a capped (compact) worker reaches.
    const workerFile = standInWorker(
      `import { parentPort, resourceLimits } from 'node:worker_threads';
const cap = String(resourceLimits.maxOldGenerationSizeMb);
parentPort.on('message', (job) => {
  if (job.rel.includes('oom') && cap === '32') { const hoard = []; for (;;) hoard.push(new Array(1e5).fill(hoard.length)); }
  parentPort.postMessage({ id: job.id, outcome: { status: 'unchanged', findings: [], changedBy: [cap] } });
});
`,
    );
    const executor = createExecutor(2, { workerFile, compactOldGenerationMb: 32 });
    const job = (rel: string, id: number, text = ''): Job => ({ id, rel, text, transformIds: ['t'], transformOptions: {} });
    const [small, oom, large, after] = await Promise.all([
      executor.run(job('a.ts', 0)),
      executor.run(job('oom.ts', 1)),
      executor.run(job('large.ts', 2, 'x'.repeat(ROOMY_TEXT + 1))),
      executor.run(job('b.ts', 3)),
    ]);
    await executor.close();
    expect(small).toMatchObject({ status: 'unchanged', changedBy: ['32'] });
    expect(after).toMatchObject({ status: 'unchanged', changedBy: ['32'] });
    // Handed over after running out of memory, not failed; and the big text went straight there.
    expect(oom.status).toBe('unchanged');
    expect(oom.changedBy).not.toEqual(['32']);
    expect(large.status).toBe('unchanged');
    expect(large.changedBy).not.toEqual(['32']);
  });

  it('the default limit grows with the file: 10 s plus 30 s per MB', () => {
    expect(fileTimeoutMs(0)).toBe(10_000);
    expect(fileTimeoutMs(2 * 1024 * 1024)).toBe(70_000);
  });
});

describe('huge files', () => {
  it('a 20 MB generated source is refused unread with one error line; the other files still migrate', () => {
    const dir = tempDir();
    dirs.push(dir);
    const head = "import { McpError } from '@modelcontextprotocol/sdk/types.js';\n";
    const line = "export const e = () => { throw new McpError(-32002, 'generated resource missing'); };\n";
    const huge = Buffer.concat([Buffer.from(head), Buffer.from(line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)))]);
    writeFileSync(join(dir, 'generated.ts'), huge);
    writeFileSync(join(dir, 'small.ts'), MIGRATABLE);
    const r = runCli(['migrate', '.', '--json', '--cpus', '2'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    expect(r.code).toBe(2);
    const errLines = r.stderr.split('\n').filter((l) => l.startsWith('mcp-migrate: '));
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(/^mcp-migrate: generated\.ts: too large \(\d+ bytes > --max-file-size 2097152\), not read$/);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.filter((x) => x.type === 'error').map((x) => x.path)).toEqual(['generated.ts']);
    expect(records.filter((x) => x.type === 'change').map((x) => x.path)).toEqual(['small.ts']);
    console.log(`huge file: ${(huge.length / 1024 / 1024).toFixed(1)} MB refused with one line`);
  });
});

describe('memory on a big tree', () => {
  const count = Number(process.env.MCP_MIGRATE_BIG_TREE ?? 20_000);
  it.runIf(process.platform === 'linux')(`a ${count}-file tree runs with bounded peak RSS`, () => {
    const dir = tempDir();
    dirs.push(dir);
    // Mostly files no transform wants (as in a real monorepo), one in 500 migratable.
    const plain = Buffer.from('export const x = 1;\nexport function f(a: number) { return a + x; }\n');
    for (let d = 0; d * 100 < count; d++) {
      const sub = join(dir, 'pkg', `d${d}`);
      mkdirSync(sub, { recursive: true });
      for (let i = 0; i < 100 && d * 100 + i < count; i++) writeFileSync(join(sub, `f${i}.ts`), (d * 100 + i) % 500 === 0 ? MIGRATABLE : plain);
    }
    // The peak resident set of the whole process (main thread and workers) read at exit.
    const probe = join(dir, 'hwm.cjs');
    writeFileSync(
      probe,
      `process.on('exit', () => { const m = /VmHWM:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8')); require('fs').writeSync(2, 'PEAK_RSS_KB ' + (m ? m[1] : '?') + '\\n'); });\n`,
    );
    expect(existsSync(CLI), 'build first (npm run build)').toBe(true);
    const r = spawnSync(process.execPath, ['--require', probe, CLI, 'migrate', 'pkg', '--quiet', '--cpus', '2'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const peakKb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1]);
    console.log(`big tree: ${count} files, ${Math.ceil(count / 500)} migratable, peak RSS ${(peakKb / 1024).toFixed(0)} MB`);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb / 1024).toBeLessThan(640);
  });
});
