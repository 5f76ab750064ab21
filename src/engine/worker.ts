/** Worker thread: receives decoded files, runs the selected transforms, posts outcomes. */
import { parentPort } from 'node:worker_threads';
import { TRANSFORMS } from '../registry.ts';
import { runTransforms, type FileOutcome } from './run-file.ts';
import type { Job } from './pool.ts';

const byId = new Map(TRANSFORMS.map((t) => [t.meta.id, t]));

parentPort!.on('message', (job: Job) => {
  let outcome: FileOutcome;
  try {
    outcome = runTransforms(job.rel, job.text, job.transformIds.map((id) => byId.get(id)!), {
      transformOptions: job.transformOptions,
      detected: job.detected,
    });
  } catch (err) {
    // Whatever escapes runTransforms costs this file only, not the worker (and its warm parser).
    outcome = { status: 'error', error: `engine failed: ${String((err as Error)?.message ?? err).split('\n')[0]}`, findings: [], changedBy: [] };
  }
  parentPort!.postMessage({ id: job.id, outcome });
});
