/**
 * Where matching files are transformed: in-process for `--cpus 1` (debuggable, and when
 * running from TypeScript sources), else a worker_threads pool started lazily — a run in
 * which no file matches never starts a worker or loads a parser.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { TRANSFORMS } from '../../transforms/index.ts';
import { runTransforms, type FileOutcome } from './run-file.ts';

export interface Job {
  id: number;
  rel: string;
  text: string;
  transformIds: string[];
  transformOptions: Record<string, unknown>;
}

export interface Executor {
  run(job: Job): Promise<FileOutcome>;
  close(): Promise<void>;
}

const byId = new Map(TRANSFORMS.map((t) => [t.meta.id, t]));

function inProcess(): Executor {
  return {
    async run(job) {
      return runTransforms(job.rel, job.text, job.transformIds.map((id) => byId.get(id)!), {
        transformOptions: job.transformOptions,
      });
    },
    async close() {},
  };
}

export function createExecutor(cpus: number): Executor {
  const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (cpus <= 1 || !existsSync(workerFile)) return inProcess();

  const workers: Array<{ worker: Worker; busy: boolean }> = [];
  const waiting = new Map<number, { resolve: (o: FileOutcome) => void; reject: (e: Error) => void; job: Job }>();
  const queue: Job[] = [];

  const dispatch = () => {
    while (queue.length) {
      let slot = workers.find((w) => !w.busy);
      if (!slot && workers.length < cpus) {
        const worker = new Worker(workerFile);
        slot = { worker, busy: false };
        const s = slot;
        worker.on('message', (msg: { id: number; outcome: FileOutcome }) => {
          s.busy = false;
          const w = waiting.get(msg.id);
          waiting.delete(msg.id);
          w?.resolve(msg.outcome);
          dispatch();
        });
        worker.on('error', (err) => {
          for (const [id, w] of waiting) {
            if ((s as { current?: number }).current === id) {
              waiting.delete(id);
              w.resolve({ status: 'error', error: `worker crashed: ${err.message}`, findings: [], changedBy: [] });
            }
          }
          workers.splice(workers.indexOf(s), 1);
          dispatch();
        });
        workers.push(slot);
      }
      if (!slot) return;
      const job = queue.shift()!;
      slot.busy = true;
      (slot as { current?: number }).current = job.id;
      slot.worker.postMessage(job);
    }
  };

  return {
    run(job) {
      return new Promise((resolve, reject) => {
        waiting.set(job.id, { resolve, reject, job });
        queue.push(job);
        dispatch();
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
