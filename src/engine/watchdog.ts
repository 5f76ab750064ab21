/**
 * The time limit for work done in the main thread (the detection pass, and recast's pass on
 * the first small files). Synchronous JavaScript cannot be interrupted in its own thread, so
 * a second thread watches: one that loads no module and costs no CPU while it waits (on a
 * shared counter, with Atomics). If one file outlasts its limit, it says which on stderr and
 * ends the process: a run that hangs silently is worse than one that stops with a reason.
 * Nothing has been written by then (changes are written after the run), so nothing is lost.
 *
 * Files in workers keep their own limit (./pool.ts): there a stuck file costs one error and
 * the run goes on. The main thread takes only small files, for which the limit is generous.
 */
import { Worker } from 'node:worker_threads';

const NAME_BYTES = 4096;

// The watcher: waits while the counter is even (idle); when odd (a file is running), waits for
// it to change for at most the limit, and on a timeout reports the file and kills the process
// (a worker's process.exit ends only the worker; the main thread is stuck and cannot exit).
const WATCHER = `
const { workerData } = process.getBuiltinModule('node:worker_threads');
const { writeSync } = process.getBuiltinModule('node:fs');
const state = new Int32Array(workerData, 0, 2);
const name = new Uint8Array(workerData, 8);
for (;;) {
  const generation = Atomics.load(state, 0);
  if ((generation & 1) === 0) { Atomics.wait(state, 0, generation); continue; }
  const limit = Atomics.load(state, 1);
  if (Atomics.wait(state, 0, generation, limit) === 'timed-out') {
    const end = name.indexOf(0);
    const file = Buffer.from(name.subarray(0, end === -1 ? name.length : end)).toString();
    writeSync(2, 'mcp-migrate: ' + file + ': transforms did not finish within ' + (limit / 1000).toFixed(1) + ' s; stopped, nothing was written (skip the file with --ignore, and please report it)\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

let shared: { state: Int32Array; name: Uint8Array; worker: Worker } | undefined;

function watcher() {
  if (!shared) {
    const buffer = new SharedArrayBuffer(8 + NAME_BYTES);
    // No execArgv: the parent's flags (--input-type, --cpu-prof) are not the watcher's.
    const worker = new Worker(WATCHER, { eval: true, workerData: buffer, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1, stackSizeMb: 1 } });
    worker.unref();
    // A watcher that cannot run costs the limit, never the run.
    worker.on('error', () => {});
    shared = { state: new Int32Array(buffer, 0, 2), name: new Uint8Array(buffer, 8), worker };
  }
  return shared;
}

/** Runs `work` for file `rel` in this thread, under a limit of `limitMs`. */
export function guarded<T>(rel: string, limitMs: number, work: () => T): T {
  const w = watcher();
  const bytes = Buffer.from(rel).subarray(0, NAME_BYTES - 1);
  w.name.fill(0);
  w.name.set(bytes);
  Atomics.store(w.state, 1, Math.max(1, Math.round(limitMs)));
  Atomics.add(w.state, 0, 1);
  Atomics.notify(w.state, 0);
  try {
    return work();
  } finally {
    Atomics.add(w.state, 0, 1);
    Atomics.notify(w.state, 0);
  }
}
