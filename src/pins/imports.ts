/**
 * Which v2 packages a workspace member's own sources need, for `pins --to v2`.
 *
 * v2 imports (`@modelcontextprotocol/server`, `/client`, `/node`, `/express`, `/hono`,
 * `/fastify`, `/core`, `/server-legacy`, with or without subpaths) count as themselves. v1
 * subpath imports (`@modelcontextprotocol/sdk/...`) are mapped at package granularity.
 * The official codemod's import map (`importMap.ts` in @modelcontextprotocol/codemod 2.3.1)
 * is the authority on symbol-level moves, but its package entry exports only `run`,
 * `getMigration`, `listMigrations` and `DiagnosticLevel`, not the map; so this is our own
 * package-level rule, written from the v2 package layout (and cross-checked against the
 * codemod's dry run in test/pins/codemod-agreement.test.ts):
 * - `client/...` → client;
 * - `server/streamableHttp` → server + node (the Node transport lives in @modelcontextprotocol/node);
 * - `server/express`, `server/middleware...` → express (+ server, its peer);
 * - `server/sse`, `server/auth/{provider,router,middleware,errors}` → server-legacy;
 * - other `server/...` → server;
 * - `types`, `shared/...`, `inMemory`, `validation/...` → whichever side the member is on
 *   (server when it has server imports or none at all, client when only client imports);
 * - `experimental/tasks`, `client/websocket`, `server/zod-compat` have no v2 home → reported.
 * Adapters (`node`, `express`, `hono`, `fastify`) bring `server` along: it is their peer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ImportScan {
  /** v2 packages needed, sorted. */
  packages: string[];
  /** Whether any source imports the v1 SDK or a v2 package at all. */
  usesMcp: boolean;
  /** v1 specifiers with no v2 package (or no subpath), with the first file seen. */
  unmapped: { specifier: string; file: string }[];
  /** Files that still import the v1 SDK (`@modelcontextprotocol/sdk`, any subpath), sorted. */
  v1Files: string[];
  filesScanned: number;
}

const V2 = new Set(['server', 'client', 'node', 'express', 'hono', 'fastify', 'core', 'server-legacy']);
const ADAPTERS = new Set(['node', 'express', 'hono', 'fastify']);
const SPECIFIER_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bvi\.mock\s*\(\s*|\bjest\.mock\s*\(\s*)['"`](@modelcontextprotocol\/[\w.-]+)((?:\/[\w.@-]+)*)['"`]/g;
/** Per member: enough for any real package, bounded for pathological ones. */
const FILE_BUDGET = 5000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

type Side = 'server' | 'client' | 'shared' | 'none';

function mapV1(subpath: string): { pkgs: string[]; side: Side } | null {
  const p = subpath.replace(/^\//, '').replace(/\.(?:js|mjs|cjs|ts)$/, '');
  if (p === '') return null;
  if (p === 'experimental/tasks' || p.startsWith('experimental/') || p === 'client/websocket' || p === 'server/zod-compat') return null;
  if (p.startsWith('client/') || p === 'client') return { pkgs: ['client'], side: 'client' };
  if (p === 'server/streamableHttp') return { pkgs: ['server', 'node'], side: 'server' };
  if (p === 'server/express' || p === 'server/middleware' || p.startsWith('server/middleware/')) return { pkgs: ['express'], side: 'server' };
  if (p === 'server/sse' || /^server\/auth\/(provider|router|middleware|errors)$/.test(p) || p.startsWith('server/auth/handlers')) {
    return { pkgs: ['server-legacy'], side: 'server' };
  }
  if (p.startsWith('server/') || p === 'server') return { pkgs: ['server'], side: 'server' };
  if (p === 'types' || p.startsWith('shared/') || p === 'inMemory' || p.startsWith('validation')) return { pkgs: [], side: 'shared' };
  return null;
}

/**
 * Scan `files` (root-relative) for MCP imports. Files are read only when they mention
 * `@modelcontextprotocol`, so unrelated sources cost one read each.
 */
export function scanImports(root: string, files: string[]): ImportScan {
  const found = new Set<string>();
  const unmapped = new Map<string, string>();
  let sawServer = false;
  let sawClient = false;
  let sawShared = false;
  let usesMcp = false;
  let scanned = 0;
  const v1Files = new Set<string>();
  for (const rel of files) {
    if (scanned >= FILE_BUDGET) break;
    scanned++;
    let text: string;
    try {
      const buf = readFileSync(join(root, rel));
      if (buf.length > MAX_FILE_BYTES) continue;
      text = buf.toString('utf8');
    } catch {
      continue;
    }
    if (!text.includes('@modelcontextprotocol/')) continue;
    for (const m of text.matchAll(SPECIFIER_RE)) {
      const name = m[1].slice('@modelcontextprotocol/'.length);
      const sub = m[2] ?? '';
      if (V2.has(name)) {
        usesMcp = true;
        found.add(name);
        if (name === 'client') sawClient = true;
        else if (name !== 'core') sawServer = true;
      } else if (name === 'sdk') {
        usesMcp = true;
        v1Files.add(rel);
        const mapped = mapV1(sub);
        if (!mapped) {
          if (!unmapped.has(`${m[1]}${sub}`)) unmapped.set(`${m[1]}${sub}`, rel);
          continue;
        }
        for (const p of mapped.pkgs) found.add(p);
        if (mapped.side === 'server') sawServer = true;
        else if (mapped.side === 'client') sawClient = true;
        else sawShared = true;
      }
    }
  }
  // Shared v1 modules (types, protocol, transport) follow the member's side.
  if (sawShared) found.add(sawClient && !sawServer ? 'client' : 'server');
  for (const p of [...found]) if (ADAPTERS.has(p)) found.add('server');
  return {
    packages: [...found].map((p) => `@modelcontextprotocol/${p}`).sort(),
    usesMcp,
    unmapped: [...unmapped].map(([specifier, file]) => ({ specifier, file })).sort((a, b) => (a.specifier < b.specifier ? -1 : 1)),
    v1Files: [...v1Files].sort(),
    filesScanned: scanned,
  };
}

/** Source files owned by the manifest in `dir`: below it, not below a nested package. */
export function ownedSources(dir: string, sources: string[], packageDirs: Set<string>): string[] {
  const prefix = dir ? `${dir}/` : '';
  return sources.filter((rel) => {
    if (prefix && !rel.startsWith(prefix)) return false;
    // The nearest directory with a package.json must be `dir` itself.
    let d = rel.lastIndexOf('/') === -1 ? '' : rel.slice(0, rel.lastIndexOf('/'));
    while (d.length > dir.length) {
      if (packageDirs.has(d)) return false;
      const i = d.lastIndexOf('/');
      d = i === -1 ? '' : d.slice(0, i);
    }
    return d === dir;
  });
}
