// Module hook for host.mts: the Workers runtime's own module, outside a Worker.
export async function resolve(specifier, context, next) {
  if (specifier === 'cloudflare:workers') return { url: new URL('./cloudflare-workers.mjs', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
