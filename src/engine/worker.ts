/** Worker thread: receives decoded files, runs the selected transforms, posts outcomes. */
import { parentPort } from 'node:worker_threads';
import { TRANSFORMS } from '../../transforms/index.ts';
import { runTransforms } from './run-file.ts';
import type { Job } from './pool.ts';

const byId = new Map(TRANSFORMS.map((t) => [t.meta.id, t]));

parentPort!.on('message', (job: Job) => {
  const outcome = runTransforms(job.rel, job.text, job.transformIds.map((id) => byId.get(id)!), {
    transformOptions: job.transformOptions,
  });
  parentPort!.postMessage({ id: job.id, outcome });
});
