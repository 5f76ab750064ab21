// Module hooks for host.mts: the Workers runtime's own module outside a Worker, and the
// extensionless relative imports a Worker bundler (wrangler's esbuild) resolves to `.ts`.
export async function resolve(specifier, context, next) {
  if (specifier === 'cloudflare:workers') return { url: new URL('./cloudflare-workers.mjs', import.meta.url).href, shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (err) {
    if (!/^\.\.?\//.test(specifier) || /\.[cm]?[jt]sx?$/.test(specifier)) throw err;
    return next(`${specifier}.ts`, context);
  }
}
