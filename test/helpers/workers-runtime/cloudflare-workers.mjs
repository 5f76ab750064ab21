// Stand-in for `cloudflare:workers` under Node: the migrated Workers only keep an empty
// Durable Object class for their wrangler binding, which nothing here instantiates.
export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}
