/** Two instances of one server behind a round-robin balancer, for the stateless-serving tests. */
import { startInstance, type Instance } from './node22.ts';

/** A fetch that sends request k to instance k mod 2, and counts the hits. */
export function roundRobin(instances: Instance[]) {
  const hits = instances.map(() => 0);
  let n = 0;
  const rrFetch = (input: string | URL | Request, init?: RequestInit) => {
    const i = n++ % instances.length;
    hits[i]++;
    const url = new URL(input instanceof Request ? input.url : String(input));
    url.port = String(instances[i].port);
    return input instanceof Request ? fetch(new Request(url, input), init) : fetch(url, init);
  };
  return { rrFetch, hits };
}

/** Starts `file` twice (extra `args` after it), runs `body`, and stops both whatever happens. */
export async function withTwo<T>(file: string, body: (instances: Instance[]) => Promise<T>, args: string[] = []): Promise<T> {
  const instances: Instance[] = [];
  try {
    const started = await Promise.allSettled([startInstance(file, undefined, args), startInstance(file, undefined, args)]);
    for (const s of started) if (s.status === 'fulfilled') instances.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    return await body(instances);
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
}
