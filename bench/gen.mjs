/**
 * Benchmark trees.
 *
 * - generateSynthetic(): a deterministic (seeded) monorepo: N workspaces of ordinary TS/JS
 *   with lognormal file sizes, and ~1% of files per MCP pattern we migrate (session-map
 *   express servers, `extra.sessionId` carts, hand-rolled OAuth callbacks, -32002 McpError).
 *   Same seed + size → byte-identical tree.
 * - prepareRealTree(): copies the JS/TS sources of real directories (e.g. node_modules) into
 *   one work dir so every tool sees the same file set (no nested node_modules, no .d.ts, no
 *   files over 2 MiB, no binaries), and makes it a git repo like a real checkout.
 * - installPinnedPackages(): `npm ci` of bench/real-tree (a pinned set of popular npm
 *   packages, committed lockfile) into a work dir, so the real tree is the same everywhere.
 *
 * Trees are cached under bench/.work/ (gitignored) with a manifest; generation is skipped
 * when the manifest matches.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const GENERATOR_VERSION = 6;
const SOURCE_EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const MAX_FILE = 2 * 1024 * 1024;

// ---------------------------------------------------------------- randomness

/** mulberry32: tiny, fast, good enough, and identical on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    /** Lognormal via Box-Muller. */
    lognormal: (median, sigma) => {
      const u = Math.max(next(), 1e-12);
      const v = next();
      return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    },
  };
  return r;
}

const WORDS = [
  'account', 'audit', 'batch', 'billing', 'buffer', 'cache', 'catalog', 'channel', 'client', 'config', 'cursor',
  'customer', 'dashboard', 'delta', 'device', 'draft', 'entry', 'event', 'export', 'feature', 'feed', 'filter',
  'form', 'gateway', 'graph', 'group', 'handler', 'history', 'index', 'invoice', 'item', 'job', 'ledger', 'layout',
  'limit', 'locale', 'metric', 'message', 'module', 'node', 'notice', 'order', 'owner', 'page', 'panel', 'payment',
  'plan', 'policy', 'profile', 'queue', 'quota', 'record', 'region', 'report', 'request', 'route', 'rule', 'schema',
  'search', 'segment', 'setting', 'shipment', 'signal', 'slot', 'source', 'stage', 'status', 'stock', 'store',
  'stream', 'summary', 'task', 'team', 'template', 'tenant', 'theme', 'ticket', 'token', 'topic', 'trace', 'upload',
  'user', 'vendor', 'view', 'widget', 'window', 'worker', 'zone',
];
const VERBS = ['build', 'load', 'fetch', 'parse', 'format', 'merge', 'apply', 'resolve', 'compute', 'validate', 'sync', 'render', 'update', 'create', 'remove', 'collect', 'normalize', 'map', 'group', 'sort'];
const LIBS = ['react', 'lodash', 'date-fns', 'zod', 'axios', 'express', 'rxjs', 'uuid', 'clsx', 'immer', '@tanstack/react-query', 'pino', 'yaml', 'semver'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

// ---------------------------------------------------------------- ordinary code

function ordinaryFile(r, ext, target) {
  const ts = ext === '.ts' || ext === '.tsx' || ext === '.mts' || ext === '.cts';
  const jsx = ext === '.tsx' || ext === '.jsx';
  const cjs = ext === '.cjs';
  const name = () => r.pick(WORDS);
  const Name = () => cap(name()) + cap(name());
  const fn = () => r.pick(VERBS) + Name();
  const ty = (t) => (ts ? `: ${t}` : '');
  const out = [];
  let size = 0;
  const push = (s) => {
    out.push(s);
    size += s.length;
  };

  if (r.chance(0.6)) push(`/**\n * ${cap(name())} ${name()} helpers for the ${name()} ${name()}.\n * Owned by the ${name()} team; see docs/${name()}.md.\n */\n`);
  const imports = r.int(1, 6);
  const used = new Set();
  for (let i = 0; i < imports; i++) {
    const lib = r.pick(LIBS);
    if (used.has(lib)) continue;
    used.add(lib);
    const id = `${name()}${cap(name())}${i}`;
    if (cjs) push(`const ${id} = require('${lib}');\n`);
    else push(r.chance(0.5) ? `import { ${id}, ${name()}${i}x } from '${lib}';\n` : `import ${id} from '${r.chance(0.5) ? lib : `../${name()}/${name()}`}';\n`);
  }
  push('\n');

  const exp = cjs ? '' : 'export ';
  const exported = [];
  let k = 0;
  while (size < target) {
    k++;
    const kind = r.int(0, jsx ? 7 : 6);
    if (kind === 0 && ts) {
      const I = Name() + k;
      const fields = r.int(2, 9);
      let s = `${exp}interface ${I} {\n`;
      for (let i = 0; i < fields; i++) s += `  ${name()}${i}${r.chance(0.3) ? '?' : ''}: ${r.pick(['string', 'number', 'boolean', 'string[]', `Record<string, number>`, `Date | null`, `'${name()}' | '${name()}'`])};\n`;
      push(s + '}\n\n');
    } else if (kind === 1 || (kind === 0 && !ts)) {
      const f = fn() + k;
      exported.push(f);
      const p = `${name()}Input`;
      let s = r.chance(0.5) ? `/** ${cap(r.pick(VERBS))}s ${name()} ${name()} for a ${p}. */\n` : '';
      s += `${exp}${r.chance(0.3) ? 'async ' : ''}function ${f}(${p}${ty('Record<string, unknown>')}, limit${ty('number')} = ${r.int(1, 500)}) {\n`;
      s += `  const result${ty('unknown[]')} = [];\n`;
      const stmts = r.int(2, 10);
      for (let i = 0; i < stmts; i++) {
        const v = name() + i;
        switch (r.int(0, 5)) {
          case 0:
            s += `  const ${v} = ${p}['${name()}'] ?? ${r.chance(0.5) ? `'${name()}'` : r.int(0, 1000)};\n`;
            break;
          case 1:
            s += `  if (result.length > limit) {\n    return result.slice(0, limit);\n  }\n`;
            break;
          case 2:
            s += `  for (const [key, value] of Object.entries(${p})) {\n    if (typeof value === 'string' && key.startsWith('${name()}')) result.push({ key, value: value.trim() });\n  }\n`;
            break;
          case 3:
            s += `  const ${v} = \`${name()}-\${String(${p}.${name()} ?? '')}-\${result.length}\`;\n  result.push(${v});\n`;
            break;
          case 4:
            // Near misses: unrelated session ids and numbers, which must not trip the triggers.
            s += r.chance(0.15)
              ? `  const sessionId${i} = String(${p}.sessionId ?? '');\n  if (sessionId${i}) result.push({ sessionId: sessionId${i}, at: Date.now() });\n`
              : `  result.push(Math.max(${r.int(0, 99)}, Number(${p}.${name()}) || ${r.int(100, 32001)}));\n`;
            break;
          default:
            s += `  try {\n    result.push(JSON.parse(String(${p}.${name()} ?? 'null')));\n  } catch (err) {\n    console.warn('${name()} ${name()} failed', err);\n  }\n`;
        }
      }
      push(s + `  return result;\n}\n\n`);
    } else if (kind === 2) {
      const C = Name() + k;
      exported.push(C);
      let s = `${exp}class ${C} {\n`;
      const fields = r.int(1, 4);
      for (let i = 0; i < fields; i++) s += `  ${ts ? 'private ' : ''}${name()}${i}${ty(r.pick(['number', 'string', 'Map<string, number>']))} = ${r.pick(['0', "''", 'new Map()'])};\n`;
      s += `\n  constructor(${ts ? 'private readonly ' : ''}options${ty('{ retries: number; label: string }')}) {\n${ts ? '' : '    this.options = options;\n'}  }\n`;
      const methods = r.int(1, 5);
      for (let i = 0; i < methods; i++) {
        s += `\n  ${r.chance(0.4) ? 'async ' : ''}${fn()}(input${ty('string')})${ty(r.pick(['string', 'number', 'unknown']))} {\n`;
        s += `    const parts = input.split('${r.pick(['/', ':', ',', '.'])}').filter(Boolean);\n`;
        s += `    if (parts.length < ${r.int(1, 4)}) throw new Error(\`${name()}: bad input \${input}\`);\n`;
        s += `    return parts.map((p) => p.${r.pick(['toUpperCase', 'toLowerCase', 'trim'])}()).join('${r.pick(['-', '_', ''])}')${ts ? ' as never' : ''};\n  }\n`;
      }
      push(s + '}\n\n');
    } else if (kind === 3) {
      const c = name().toUpperCase() + '_' + name().toUpperCase() + k;
      let s = `${exp}const ${c} = {\n`;
      const n = r.int(3, 14);
      for (let i = 0; i < n; i++) s += `  ${name()}${i}: ${r.pick([`'${name()}'`, String(r.int(0, 9999)), 'true', 'false', `[${r.int(1, 9)}, ${r.int(10, 99)}]`, `{ ${name()}: '${name()}' }`])},\n`;
      push(s + `}${ts ? ' as const' : ''};\n\n`);
    } else if (kind === 4) {
      const f = fn() + k;
      exported.push(f);
      push(`${exp}const ${f} = (items${ty('Array<{ id: string; weight: number }>')}) =>\n  items\n    .filter((it) => it.weight > ${r.int(0, 10)})\n    .sort((a, b) => b.weight - a.weight)\n    .map((it) => ({ ...it, label: \`${name()}:\${it.id}\` }));\n\n`);
    } else if (kind === 5) {
      const f = fn() + k;
      exported.push(f);
      let s = `${exp}function ${f}(kind${ty('string')})${ty('number')} {\n  switch (kind) {\n`;
      const n = r.int(2, 8);
      for (let i = 0; i < n; i++) s += `    case '${name()}${i}':\n      return ${r.int(0, 500)};\n`;
      push(s + `    default:\n      return -1;\n  }\n}\n\n`);
    } else if (kind === 6) {
      push(`// ${cap(name())} ${name()}: ${r.pick(['keep in sync with', 'mirrors', 'see also', 'TODO: move to'])} ${name()}/${name()}.${ext.slice(1)}\n`);
    } else {
      const C = Name() + k;
      exported.push(C);
      push(
        `${exp}function ${C}(props${ty(`{ ${name()}: string; items: string[] }`)}) {\n  return (\n    <section className="${name()}">\n      <h2>{props.items.length} ${name()}</h2>\n      <ul>\n        {props.items.map((item) => (\n          <li key={item}>{item}</li>\n        ))}\n      </ul>\n    </section>\n  );\n}\n\n`,
      );
    }
  }
  if (cjs) push(`module.exports = { ${exported.slice(0, 8).join(', ')} };\n`);
  return out.join('');
}

// ---------------------------------------------------------------- MCP patterns (our own snippets)

/** Session-map express server: one transport per session id, kept in a map (stateless-transport). */
function sessionMapServer(r) {
  const store = r.pick(['transports', 'sessions', 'liveTransports', 'byId']);
  const useMap = r.chance(0.5);
  const tool = r.pick(WORDS);
  return `import express from 'express';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

${useMap ? `const ${store} = new Map<string, StreamableHTTPServerTransport>();` : `const ${store}: Record<string, StreamableHTTPServerTransport> = {};`}

function createServer(): McpServer {
  const server = new McpServer({ name: '${tool}-service', version: '${r.int(0, 3)}.${r.int(0, 20)}.0' });
  server.tool('lookup_${tool}', 'Look up a ${tool} by id', { id: z.string() }, async ({ id }) => ({
    content: [{ type: 'text', text: \`${tool} \${id}\` }],
  }));
  return server;
}

const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  let transport: StreamableHTTPServerTransport;
  if (sessionId && ${useMap ? `${store}.has(sessionId)` : `${store}[sessionId]`}) {
    transport = ${useMap ? `${store}.get(sessionId)!` : `${store}[sessionId]`};
  } else if (!sessionId && isInitializeRequest(req.body)) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        ${useMap ? `${store}.set(id, transport);` : `${store}[id] = transport;`}
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) ${useMap ? `${store}.delete(transport.sessionId);` : `delete ${store}[transport.sessionId];`}
    };
    await createServer().connect(transport);
  } else {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: no valid session id' }, id: null });
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(Number(process.env.PORT ?? ${r.int(3000, 9000)}));
`;
}

/** Per-session state keyed by `extra.sessionId` (session-state). */
function sessionCart(r) {
  const thing = r.pick(['cart', 'basket', 'draft', 'wishlist', 'selection']);
  const store = `${thing}s`;
  return `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

interface ${cap(thing)} {
  lines: Array<{ sku: string; qty: number }>;
}

// One ${thing} per MCP session.
const ${store} = new Map<string, ${cap(thing)}>();

export function register${cap(thing)}Tools(server: McpServer): void {
  server.tool('add_to_${thing}', 'Add a product', { sku: z.string(), qty: z.number().int().positive() }, async ({ sku, qty }, extra) => {
    const key = extra.sessionId!;
    const current = ${store}.get(key) ?? { lines: [] };
    current.lines.push({ sku, qty });
    ${store}.set(key, current);
    return { content: [{ type: 'text', text: \`\${current.lines.length} line(s)\` }] };
  });

  server.tool('clear_${thing}', 'Empty the ${thing}', {}, async (_args, extra) => {
    ${store}.delete(extra.sessionId!);
    return { content: [{ type: 'text', text: 'cleared' }] };
  });
}
`;
}

/** Hand-rolled OAuth authorization-code callback without an `iss` check. */
function oauthCallback(r) {
  const path = r.pick(['/oauth/callback', '/auth/callback', '/callback']);
  const withSdk = r.chance(0.5);
  return `import express from 'express';
${withSdk ? "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\n" : ''}
interface TokenSet {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

export function ${r.pick(VERBS)}OAuthRoutes(tokenEndpoint: string, clientId: string, redirectUri: string) {
  const router = express.Router();
  router.get('${path}', async (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : undefined;
    if (!code) {
      res.status(400).send('missing authorization code');
      return;
    }
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: clientId,
      }),
    });
    const tokens = (await response.json()) as TokenSet;
    res.json({ ok: true, expiresIn: tokens.expires_in ?? ${r.int(60, 7200)} });
  });
  return router;
}
${withSdk ? `\nexport const ${r.pick(WORDS)}Client = new Client({ name: '${r.pick(WORDS)}-client', version: '1.0.0' });\n` : ''}`;
}

/** Resource-not-found raised and checked with -32002 (resource-not-found-code). */
function resourceNotFound(r) {
  const what = r.pick(WORDS);
  return `import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

const ${what}s = new Map<string, string>();

export function register${cap(what)}Resources(server: McpServer): void {
  server.resource('${what}', new ResourceTemplate('${what}://{id}', { list: undefined }), async (uri, { id }) => {
    const body = ${what}s.get(String(id));
    if (body === undefined) {
      throw new McpError(-32002, 'Resource not found', { uri: uri.href });
    }
    return { contents: [{ uri: uri.href, text: body }] };
  });
}

export function isMissing(err: unknown): boolean {
  return err instanceof McpError && err.code === -32002;
}
`;
}

export const MCP_PATTERNS = [
  { id: 'session-map-server', make: sessionMapServer },
  { id: 'session-cart', make: sessionCart },
  { id: 'oauth-callback', make: oauthCallback },
  { id: 'resource-not-found', make: resourceNotFound },
];

// ---------------------------------------------------------------- trees

function writeManifest(dir, manifest, name = '.bench-manifest.json') {
  writeFileSync(join(dir, name), JSON.stringify(manifest, null, 2) + '\n');
}

function readManifest(dir, name = '.bench-manifest.json') {
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8'));
  } catch {
    return undefined;
  }
}

function gitIndex(dir) {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@invalid' };
  for (const args of [['init', '-q'], ['config', 'core.autocrlf', 'false'], ['add', '-A'], ['commit', '-qm', 'bench tree', '--no-verify']]) {
    const r = spawnSync('git', ['-C', dir, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${dir}: ${r.stderr}`);
  }
}

/**
 * @param {{ files: number, seed?: number, workspaces?: number, workDir: string, git?: boolean, mcpRate?: number, log?: (s: string) => void }} o
 * @returns {{ dir: string, manifest: object }}
 */
export function generateSynthetic(o) {
  const seed = o.seed ?? 1;
  const files = o.files;
  const mcpRate = o.mcpRate ?? 0.01;
  const workspaces = o.workspaces ?? Math.min(400, Math.max(4, Math.round(files / 150)));
  const git = o.git !== false;
  const dir = join(o.workDir, `synthetic-${files}-s${seed}-w${workspaces}${mcpRate === 0.01 ? '' : `-r${mcpRate}`}${git ? '' : '-nogit'}`);
  const want = { generator: GENERATOR_VERSION, kind: 'synthetic', files, seed, workspaces, mcpRate, git };
  const have = readManifest(dir);
  if (have && Object.keys(want).every((k) => have[k] === want[k])) return { dir, manifest: have };

  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const exts = [['.ts', 0.55], ['.tsx', 0.2], ['.js', 0.14], ['.mjs', 0.04], ['.cjs', 0.03], ['.jsx', 0.04]];
  const pickExt = () => {
    let x = r.next();
    for (const [e, p] of exts) if ((x -= p) < 0) return e;
    return '.ts';
  };
  const wsNames = [];
  for (let w = 0; w < workspaces; w++) {
    const name = `${w < workspaces * 0.8 ? 'packages' : 'apps'}/${r.pick(WORDS)}-${r.pick(WORDS)}-${w}`;
    wsNames.push(name);
    mkdirSync(join(dir, name, 'src'), { recursive: true });
    writeFileSync(join(dir, name, 'package.json'), JSON.stringify({ name: `@acme/${name.split('/')[1]}`, version: '1.0.0', type: 'module', private: true }, null, 2) + '\n');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'acme-monorepo', private: true, workspaces: ['packages/*', 'apps/*'] }, null, 2) + '\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\ndist/\ncoverage/\n');

  const counts = Object.fromEntries(MCP_PATTERNS.map((p) => [p.id, 0]));
  let bytes = 0;
  const dirFill = new Map();
  for (let i = 0; i < files; i++) {
    const ws = wsNames[i % workspaces];
    // Up to ~25 files per directory, nested two levels deep below src/.
    const slot = Math.floor(i / workspaces);
    const sub = `src/${WORDS[Math.floor(slot / 25) % WORDS.length]}${slot >= 25 * WORDS.length ? Math.floor(slot / (25 * WORDS.length)) : ''}`;
    const d = join(dir, ws, sub);
    if (!dirFill.has(d)) {
      mkdirSync(d, { recursive: true });
      dirFill.set(d, 0);
    }
    let text;
    let ext;
    const x = r.next();
    const pattern = x < mcpRate * MCP_PATTERNS.length ? MCP_PATTERNS[Math.floor(x / mcpRate)] : undefined;
    if (pattern) {
      ext = '.ts';
      text = pattern.make(r);
      counts[pattern.id]++;
    } else {
      ext = pickExt();
      const target = Math.min(150_000, Math.max(150, Math.round(r.lognormal(3000, 0.9))));
      text = ordinaryFile(r, ext, target);
    }
    const base = `${r.pick(VERBS)}-${r.pick(WORDS)}-${i}${ext}`;
    writeFileSync(join(d, base), text);
    bytes += Buffer.byteLength(text);
  }
  const genSeconds = (performance.now() - t0) / 1000;
  if (git) gitIndex(dir);
  const manifest = { ...want, bytes, mcpFiles: counts, generateSeconds: Number(genSeconds.toFixed(1)), gitSeconds: Number(((performance.now() - t0) / 1000 - genSeconds).toFixed(1)) };
  writeManifest(dir, manifest);
  o.log?.(`generated ${files} files (${(bytes / 1e6).toFixed(1)} MB) in ${dir} (${manifest.generateSeconds}s${git ? `, git ${manifest.gitSeconds}s` : ''})`);
  return { dir, manifest };
}

function isSource(name) {
  if (/\.d\.[mc]?ts$/.test(name)) return false;
  const dot = name.lastIndexOf('.');
  return dot > 0 && SOURCE_EXT.includes(name.slice(dot).toLowerCase());
}

/**
 * Copies the JS/TS sources under each `src` into one tree. `node_modules` path segments are
 * renamed `_nm` (mcp-migrate never enters node_modules; a real monorepo's sources are not in
 * one), so the tree is the same file set for every tool.
 *
 * The copy is cached by source paths only; `o.stamp` (e.g. the hash of the lockfile the
 * sources were installed from) is kept in the manifest and a different one forces a new copy,
 * since the paths stay the same when their contents are reinstalled.
 */
export function prepareRealTree(o) {
  const srcs = o.trees.map((t) => resolve(t));
  const key = createHash('sha1').update(srcs.join('\0')).digest('hex').slice(0, 8);
  const dir = join(o.workDir, `tree-${key}`);
  const have = readManifest(dir);
  const fresh = have && have.generator === GENERATOR_VERSION && have.kind === 'real' && have.sources.join('\0') === srcs.join('\0');
  if (fresh && (have.stamp ?? null) === (o.stamp ?? null)) return { dir, manifest: have };

  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let files = 0;
  let bytes = 0;
  const excluded = { large: 0, binary: 0, invalidUtf8: 0 };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const [n, src] of srcs.entries()) {
    const stack = [src];
    while (stack.length) {
      const cur = stack.pop();
      let entries;
      try {
        entries = readdirSync(cur, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const abs = join(cur, e.name);
        if (e.isDirectory()) {
          if (e.name !== '.git') stack.push(abs);
          continue;
        }
        if (!e.isFile() || !isSource(e.name)) continue;
        const st = lstatSync(abs);
        if (st.size > MAX_FILE) {
          excluded.large++;
          continue;
        }
        const buf = readFileSync(abs);
        if (buf.includes(0)) {
          excluded.binary++;
          continue;
        }
        try {
          utf8.decode(buf);
        } catch {
          excluded.invalidUtf8++;
          continue;
        }
        const rel = relative(src, abs).split(sep).map((s) => (s === 'node_modules' ? '_nm' : s)).join('/');
        const dest = join(dir, `${n}-${src.split(sep).filter(Boolean).pop()}`, rel);
        mkdirSync(dirname(dest), { recursive: true });
        copyFileSync(abs, dest);
        files++;
        bytes += st.size;
      }
    }
  }
  if (o.git !== false) gitIndex(dir);
  const manifest = { generator: GENERATOR_VERSION, kind: 'real', sources: srcs, stamp: o.stamp, files, bytes, excluded, prepareSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)) };
  writeManifest(dir, manifest);
  o.log?.(`copied ${files} JS/TS files (${(bytes / 1e6).toFixed(1)} MB) from ${srcs.join(', ')} into ${dir}`);
  return { dir, manifest };
}

// ---------------------------------------------------------------- the pinned real tree

const REAL_TREE = resolve(import.meta.dirname, 'real-tree');
const INSTALL_MARKER = '.bench-installed.json';
// How npm reports a registry it cannot reach (DNS, refused, reset, timed out, no route).
const NETWORK_ERROR = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ERR_SOCKET_TIMEOUT)\b/;

/** Thrown when npm is missing or cannot reach the registry: the caller prints one line. */
export class NpmUnreachable extends Error {}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function hashFile(file) {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** The npm that ships with this Node when it is beside it, else the one on PATH. */
function npmCommand() {
  const cli = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return existsSync(cli) ? [process.execPath, [cli]] : ['npm', []];
}

/**
 * Current when the marker (written after a successful npm ci) names the committed lockfile's
 * hash and the node_modules/.package-lock.json npm wrote then: any npm install in there since
 * rewrites that file, so a hand-modified install is not taken for the pinned one.
 */
function installIsCurrent(dir, lockHash) {
  const marker = readManifest(dir, INSTALL_MARKER);
  const hidden = hashFile(join(dir, 'node_modules', '.package-lock.json'));
  return !!marker && !!hidden && marker.lockfile === lockHash && marker.hiddenLockfile === hidden;
}

function npmCi(dir) {
  const [cmd, pre] = npmCommand();
  // --prefix: under `npm run bench` the environment names the repo root as npm's prefix.
  const args = [...pre, 'ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', dir];
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw r.error.code === 'ENOENT' ? new NpmUnreachable('--real needs npm to install bench/real-tree, and npm was not found') : r.error;
  if (r.status === 0) return;
  const out = `${r.stderr}\n${r.stdout}`;
  const net = NETWORK_ERROR.exec(out);
  if (net) throw new NpmUnreachable(`--real installs bench/real-tree with npm ci, but the npm registry is unreachable (${net[1]}); run it with network access, or bench a local tree with --tree DIR`);
  throw new Error(`npm ${args.slice(pre.length).join(' ')} failed (exit ${r.status}):\n${out.trim().slice(-3000)}`);
}

/**
 * Installs exactly bench/real-tree/package-lock.json into <workDir>/real-packages with
 * `npm ci --ignore-scripts` (the bench reads these sources and runs none of them), unless
 * that install is already current, and returns its node_modules for prepareRealTree.
 * @param {{ workDir: string, log?: (s: string) => void }} o
 * @returns {{ dir: string, lockHash: string, pinned: number, installed: boolean }}
 */
export function installPinnedPackages(o) {
  const lock = readFileSync(join(REAL_TREE, 'package-lock.json'));
  const lockHash = sha256(lock);
  const pinned = Object.keys(JSON.parse(lock).packages[''].dependencies ?? {}).length;
  const dir = join(o.workDir, 'real-packages');
  const result = { dir: join(dir, 'node_modules'), lockHash, pinned };
  if (installIsCurrent(dir, lockHash)) {
    o.log?.(`${dir}: install matches bench/real-tree/package-lock.json (sha256 ${lockHash.slice(0, 12)}), npm ci skipped`);
    return { ...result, installed: false };
  }

  const t0 = performance.now();
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, INSTALL_MARKER), { force: true }); // a failed install must not look current
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(REAL_TREE, f), join(dir, f));
  o.log?.(`installing bench/real-tree (${pinned} pinned packages + deps) with npm ci into ${dir} ...`);
  npmCi(dir);
  const hiddenLockfile = hashFile(join(dir, 'node_modules', '.package-lock.json'));
  if (!hiddenLockfile) throw new Error(`npm ci in ${dir} wrote no node_modules/.package-lock.json`);
  writeManifest(dir, { lockfile: lockHash, hiddenLockfile, installSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)) }, INSTALL_MARKER);
  o.log?.(`installed in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  return { ...result, installed: true };
}

export function treeExists(dir) {
  return existsSync(join(dir, '.bench-manifest.json'));
}
