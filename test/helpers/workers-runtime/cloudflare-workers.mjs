// Stand-in for `cloudflare:workers` under Node: the migrated Workers keep an empty Durable
// Object class for their wrangler binding, which nothing here instantiates, and some read the
// module-level `env` (empty here, as the host's per-request env is).
export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}
export const env = {};
