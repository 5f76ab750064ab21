/**
 * Legacy HTTP+SSE endpoints served by an MCP server library rather than by the SDK's
 * SSEServerTransport in the file itself: express-mcp-handler's `sseHandlers(factory, …)`,
 * fastify-mcp's `app.register(fastifyMCPSSE, …)`. The SSE transport lives inside the library,
 * so the file shows no SDK construction to mark; the leg is still one 2026-07-28 clients
 * cannot use. Imported from the package, or relatively (the library's own examples).
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';

type N = Record<string, any>;
type P = ASTPath<any>;

interface Library {
  module: string;
  sse: string;
  /** How the SSE leg is mounted: called for handlers, or handed to `register()` as a plugin. */
  mount: 'call' | 'register';
  /** The library's streamable entry points: one beside the SSE leg makes it a legacy leg. */
  streamable: string[];
  /** The stateless streamable endpoint to offer where the SSE leg is the only one. */
  suggest: string;
}

const LIBRARIES: Library[] = [
  { module: 'express-mcp-handler', sse: 'sseHandlers', mount: 'call', streamable: ['statelessHandler', 'statefulHandlers'], suggest: '`statelessHandler(serverFactory)` on a POST route' },
  { module: 'fastify-mcp', sse: 'fastifyMCPSSE', mount: 'register', streamable: ['streamableHttp'], suggest: '`register(streamableHttp, { stateful: false, mcpEndpoint, createServer })`' },
];

export interface LibrarySseLeg {
  at: P;
  library: string;
  sse: string;
  suggest: string;
  /** The same library's streamable endpoint is mounted in this file too. */
  besideStreamable: boolean;
}

export function librarySseLeg(j: JSCodeshift, root: Collection): LibrarySseLeg | undefined {
  for (const lib of LIBRARIES) {
    const locals = importedFrom(j, root, lib.module);
    const sse = locals.get(lib.sse);
    if (!sse) continue;
    const at = root.find(j.CallExpression).filter((p: P) => {
      const n = p.node as N;
      if (lib.mount === 'call') return n.callee.type === 'Identifier' && n.callee.name === sse;
      return n.callee.type === 'MemberExpression' && n.callee.property?.name === 'register' && n.arguments[0]?.type === 'Identifier' && n.arguments[0].name === sse;
    }).paths()[0] as P | undefined;
    if (!at) continue;
    const besideStreamable = lib.streamable.some((name) => {
      const local = locals.get(name);
      return !!local && root.find(j.Identifier, { name: local }).size() > 1;
    });
    return { at, library: lib.module, sse: lib.sse, suggest: lib.suggest, besideStreamable };
  }
  return undefined;
}

/** Local names of what the file imports from `module` (or from a relative path), by imported name. */
function importedFrom(j: JSCodeshift, root: Collection, module: string): Map<string, string> {
  const out = new Map<string, string>();
  root.find(j.ImportDeclaration).forEach((p: P) => {
    const from = String(p.node.source.value);
    if (from !== module && !from.startsWith('.')) return;
    for (const s of p.node.specifiers ?? []) {
      if (s.type === 'ImportSpecifier') out.set(s.imported.name, s.local.name);
    }
  });
  return out;
}
