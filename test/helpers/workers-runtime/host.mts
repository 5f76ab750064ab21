/**
 * Serves a Worker module's default `fetch(request, env, ctx)` over node:http, so the
 * round-robin tests can start a migrated Worker twice: `host.mts WORKER.ts`, PORT=0, prints
 * `listening <port>`. Each request gets a fresh `ctx` (the Worker sets `ctx.props`) and an
 * empty `env`. `cloudflare:workers` resolves to ./cloudflare-workers.mjs.
 */
import { register } from 'node:module';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

register(new URL('./loader.mjs', import.meta.url));
const worker = (await import(pathToFileURL(process.argv[2]).href)).default as {
  fetch(request: Request, env: unknown, ctx: unknown): Response | Promise<Response>;
};

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
  const ctx = { props: {}, waitUntil() {}, passThroughOnException() {} };
  try {
    const response = await worker.fetch(request, {}, ctx);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) for await (const chunk of response.body) res.write(chunk);
    res.end();
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
