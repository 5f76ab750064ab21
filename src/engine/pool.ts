/**
 * Where matching files are transformed: the first small files in the main thread, under the
 * watchdog's limit (./watchdog.ts), then a worker_threads pool started lazily — a run that
 * changes only a few small files never starts a worker.
 *
 * Per-file time limit: a file whose transforms run longer than `fileTimeoutMs` (10 s plus
 * 30 s per MB of text, so a big legitimate bundle on a loaded machine is not mistaken for
 * a hang) costs one error naming the file; its worker is terminated and replaced, and the
 * run goes on. Synchronous JavaScript cannot be interrupted in its own thread, so past the
 * main thread's first second even `--cpus 1` uses one worker. The in-process executor (no time limit) is used only where no
 * worker can start: from TypeScript sources on a Node that cannot strip types, or when
 * MCP_MIGRATE_IN_PROCESS=1 asks for it (debugging a transform with breakpoints).
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { TRANSFORMS } from '../registry.ts';
import { runTransforms, type FileOutcome, type Pending } from './run-file.ts';
import { guarded } from './watchdog.ts';

export interface Job {
  id: number;
  rel: string;
  text: string;
  transformIds: string[];
  transformOptions: Record<string, unknown>;
  /** The main thread ran the detection pass: where recast's pass picks up. */
  detected?: Pending;
}

export interface Executor {
  run(job: Job): Promise<FileOutcome>;
  close(): Promise<void>;
}

export interface ExecutorOptions {
  /** Worker script (tests); default: worker.js next to this file, else worker.ts if Node strips types. */
  workerFile?: string;
  /** Time limit for one job in ms; default fileTimeoutMs(job.text.length). */
  timeoutMs?: (job: Job) => number;
  /** Old-generation cap of compact workers in MB (tests make one run out quickly). */
  compactOldGenerationMb?: number;
}

const FILE_TIMEOUT_BASE_MS = 10_000;
const FILE_TIMEOUT_PER_MB_MS = 30_000;

export function fileTimeoutMs(textLength: number): number {
  return FILE_TIMEOUT_BASE_MS + Math.round((textLength / (1024 * 1024)) * FILE_TIMEOUT_PER_MB_MS);
}

const byId = new Map(TRANSFORMS.map((t) => [t.meta.id, t]));

/**
 * Two kinds of worker. Compact ones take the small files, which are almost all of them: a
 * small young generation (a file's AST dies young; V8's default of up to 3 × 16 MB
 * semi-spaces per isolate mostly bought RSS) and a capped old generation — without a cap
 * V8 let each worker's heap grow with the run (100k-file synthetic tree, 2 workers: peak
 * RSS 273 MB; capped at 128 MB: 219 MB, same CPU time). Under that cap a 100–350 KB bundle
 * spends its time in GC (the real bench tree: 2 s more CPU of 10), so files over
 * ROOMY_TEXT go to roomy workers, uncapped (an 864 KB bundle needs over 256 MB), and so
 * does a file a compact worker ran out of memory on: handed over, never failed. Roomy
 * workers exit a second after their lane empties, so their heaps do not outlive the big
 * files by much.
 *
 * Both get a 32 MB stack (default 4): parser and printer recurse per nesting level, and
 * with 4 MB a 1,500–2,000-deep expression failed or passed depending on how warm the JIT
 * was, i.e. on which files the worker had seen before (so on --cpus). Reserved, not
 * committed, memory.
 */
const COMPACT_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128, stackSizeMb: 32 } };
const ROOMY_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 8, stackSizeMb: 32 } };
export const ROOMY_TEXT = 64 * 1024;
const ROOMY_GRACE_MS = 1000;

function runHere(job: Job): FileOutcome {
  return runTransforms(job.rel, job.text, job.transformIds.map((id) => byId.get(id)!), {
    transformOptions: job.transformOptions,
    detected: job.detected,
  });
}

function inProcess(): Executor {
  return {
    async run(job) {
      return runHere(job);
    },
    async close() {},
  };
}

/**
 * Small files are run in the main thread, under the watchdog's limit, until this much time
 * has gone into them: a worker costs its module loads and a cold JIT (~0.1–0.2 s), more than
 * the few files most repositories change. Past it, the pool starts and takes every file, in
 * parallel.
 */
const IN_THREAD_BUDGET_MS = 1000;

function defaultWorkerFile(): string | undefined {
  const js = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(js)) return js;
  // Running from sources (tests, `node bin/mcp-migrate.ts` on Node 22): Node strips the types.
  const ts = fileURLToPath(new URL('./worker.ts', import.meta.url));
  if ((process.features as { typescript?: unknown }).typescript && existsSync(ts)) return ts;
  return undefined;
}

const failed = (error: string): FileOutcome => ({ status: 'error', error, findings: [], changedBy: [] });

export function createExecutor(cpus: number, options: ExecutorOptions = {}): Executor {
  const workerFile = options.workerFile ?? defaultWorkerFile();
  if (!workerFile || process.env.MCP_MIGRATE_IN_PROCESS === '1') return inProcess();
  const size = Math.max(1, cpus);
  const limitFor = options.timeoutMs ?? ((job: Job) => fileTimeoutMs(job.text.length));
  const compactOptions = options.compactOldGenerationMb
    ? { resourceLimits: { ...COMPACT_OPTIONS.resourceLimits, maxOldGenerationSizeMb: options.compactOldGenerationMb } }
    : COMPACT_OPTIONS;

  interface Slot { worker: Worker; roomy: boolean; job?: Job; timer?: NodeJS.Timeout; idleTimer?: NodeJS.Timeout }
  const workers: Slot[] = [];
  const waiting = new Map<number, (o: FileOutcome) => void>();
  const queue: Job[] = [];
  const roomyQueue: Job[] = [];
  let closed = false;
  let inThreadMs = options.workerFile ? Infinity : 0;

  /** Hands the slot's current job (if any) its outcome; the slot is then idle. */
  const settle = (slot: Slot, outcome: FileOutcome) => {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    if (!job) return;
    const resolve = waiting.get(job.id);
    waiting.delete(job.id);
    resolve?.(outcome);
  };
  const retire = (slot: Slot) => {
    const i = workers.indexOf(slot);
    if (i !== -1) workers.splice(i, 1);
  };

  const spawn = (roomy: boolean): Slot => {
    const slot: Slot = { worker: new Worker(workerFile, roomy ? ROOMY_OPTIONS : compactOptions), roomy };
    slot.worker.on('message', (msg: { id: number; outcome: FileOutcome }) => {
      if (slot.job?.id !== msg.id) return; // a late answer for a job that already timed out
      settle(slot, msg.outcome);
      dispatch();
    });
    slot.worker.on('error', (err: Error & { code?: string }) => {
      retire(slot);
      if (!slot.roomy && slot.job && err?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // Not a failure of the file: it needs the uncapped heap.
        clearTimeout(slot.timer);
        roomyQueue.push(slot.job);
        slot.job = undefined;
      } else {
        settle(slot, failed(`worker crashed: ${String(err?.message ?? err).split('\n')[0]}; file left as is`));
      }
      dispatch();
    });
    // An exit without an error event (a transform calling process.exit) must not strand the job.
    slot.worker.on('exit', (code) => {
      retire(slot);
      settle(slot, failed(`worker exited (code ${code}) while transforming; file left as is`));
      dispatch();
    });
    workers.push(slot);
    return slot;
  };

  const start = (slot: Slot, job: Job) => {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    slot.job = job;
    const limit = limitFor(job);
    slot.timer = setTimeout(() => {
      retire(slot);
      settle(slot, failed(`transforms did not finish within ${(limit / 1000).toFixed(1)} s (${job.transformIds.join(', ')}); file left as is`));
      void slot.worker.terminate();
      dispatch();
    }, limit);
    slot.worker.postMessage(job);
  };

  /** Each lane has up to `size` workers; an idle roomy worker exits once its lane is empty. */
  const dispatch = () => {
    if (closed) return;
    for (const roomy of [false, true]) {
      const lane = roomy ? roomyQueue : queue;
      while (lane.length) {
        const slot = workers.find((w) => w.roomy === roomy && !w.job) ?? (workers.filter((w) => w.roomy === roomy).length < size ? spawn(roomy) : undefined);
        if (!slot) break;
        start(slot, lane.shift()!);
      }
    }
    if (roomyQueue.length) return;
    // A short grace period: big files often come in runs (one package's dist bundles), and a
    // fresh worker costs a module load and a cold JIT.
    for (const idle of workers.filter((w) => w.roomy && !w.job && !w.idleTimer)) {
      idle.idleTimer = setTimeout(() => {
        if (idle.job) return;
        retire(idle);
        idle.worker.removeAllListeners('exit');
        void idle.worker.terminate();
      }, ROOMY_GRACE_MS);
    }
  };

  return {
    run(job) {
      if (inThreadMs < IN_THREAD_BUDGET_MS && workers.length === 0 && job.text.length <= ROOMY_TEXT) {
        const started = performance.now();
        const outcome = guarded(job.rel, limitFor(job), () => runHere(job));
        inThreadMs += performance.now() - started;
        return Promise.resolve(outcome);
      }
      return new Promise((resolve) => {
        waiting.set(job.id, resolve);
        (job.text.length > ROOMY_TEXT ? roomyQueue : queue).push(job);
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const w of workers) clearTimeout(w.idleTimer);
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
