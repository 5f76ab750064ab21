// The Workers runtime as far as the migrated Worker fixtures use it: in a real Worker these
// come from `wrangler types` (worker-configuration.d.ts), which this repository does not run.
declare namespace Cloudflare {
  interface Env {}
}
interface Env extends Cloudflare.Env {}
interface ExecutionContext {
  props: any;
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}
declare module 'cloudflare:workers' {
  export abstract class DurableObject<E = unknown> {
    constructor(ctx: unknown, env: E);
  }
}
