/**
 * The fastify-mcp plugin (`app.register(streamableHttp, { stateful: true, sessions, … })`)
 * keeps its own session map; its stateless mode (`stateful: false`) builds a server from
 * `createServer` and a `sessionIdGenerator: undefined` transport per POST and answers GET and
 * DELETE with 405. So the rewrite is the option itself, and the `sessions` store it no longer
 * takes. The package runs SDK v1: its stateless mode serves the 2025 protocol, which
 * 2026-07-28 clients negotiate down to. So on an SDK v2 target the plugin gives way to the
 * SDK's own Fastify shape (docs/serving/fastify.md): one `all` route over
 * `toNodeHandler(createMcpHandler(createServer, { legacy }))`, which serves both eras; the v1
 * plugin would be handed a v2 server it was never built for.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { indentAt, lineEnd, lineStart, reindent, render, type Style, type TextEdit } from './text-edit.ts';

type N = Record<string, any>;
type P = ASTPath<any>;

export type FastifyMcpPlan =
  | { kind: 'keep'; at: P }
  | { kind: 'refuse'; at: P; message: string }
  | { kind: 'rewrite'; at: P; edits: TextEdit[]; maybeUnused: string[] }
  | { kind: 'v2-route'; at: P; edits: TextEdit[]; maybeUnused: string[]; addImports: Array<[string, string]>; endpoint: string };

/** What the v2 route needs from the file: its style and a name for the handler no identifier uses. */
export interface V2RouteContext {
  style: Style;
  handlerName: string;
}

/** `import { streamableHttp } from 'fastify-mcp'` (or the package's own examples, importing it relatively). */
function pluginName(j: JSCodeshift, root: Collection): string | undefined {
  let local: string | undefined;
  root.find(j.ImportDeclaration).forEach((p: P) => {
    const from = String(p.node.source.value);
    if (from !== 'fastify-mcp' && !from.startsWith('.')) return;
    for (const s of p.node.specifiers ?? []) {
      if (s.type === 'ImportSpecifier' && s.imported.name === 'streamableHttp') local = s.local.name;
    }
  });
  return local;
}

const prop = (obj: N, name: string) => (obj.properties as N[]).find((q) => (q.type === 'ObjectProperty' || q.type === 'Property') && !q.computed && (q.key?.name ?? q.key?.value) === name);

/**
 * The file's `register(streamableHttp, { stateful: true, … })` call, planned: `sessionFeatures`
 * is what the file's servers do with a session besides routing (server→client requests,
 * subscriptions, pushes), each of which stateless serving would drop.
 */
export function planFastifyMcpPlugin(j: JSCodeshift, root: Collection, source: string, legacy: string, sessionFeatures: string[], v2?: V2RouteContext): FastifyMcpPlan | undefined {
  const plugin = pluginName(j, root);
  if (!plugin) return undefined;
  const call = root.find(j.CallExpression).filter((p: P) => {
    const n = p.node as N;
    return n.callee.type === 'MemberExpression' && n.callee.property?.name === 'register' &&
      n.arguments[0]?.type === 'Identifier' && n.arguments[0].name === plugin && n.arguments[1]?.type === 'ObjectExpression';
  }).paths()[0] as P | undefined;
  if (!call) return undefined;
  const options = (call.node as N).arguments[1] as N;
  const stateful = prop(options, 'stateful');
  if (stateful?.value?.type !== 'BooleanLiteral' || stateful.value.value !== true) return undefined;
  const at = call.get('arguments', 1) as P;
  if (legacy === 'keep') return { kind: 'keep', at };
  if (sessionFeatures.length) {
    return { kind: 'refuse', at, message: `fastify-mcp's stateful mode carries ${sessionFeatures.join(', ')} for this server; its stateless mode (\`stateful: false\`) would drop them, so the option stays: keep this endpoint for 2025-era clients and serve 2026-07-28 ones from a stateless route beside it (createMcpHandler on SDK v2) (SEP-2567)` };
  }

  const maybeUnused: string[] = [];
  const sessions = prop(options, 'sessions');
  if (sessions) {
    const value = sessions.value as N;
    if (value.type !== 'NewExpression') {
      return { kind: 'refuse', at, message: 'the `sessions` store handed to fastify-mcp is built elsewhere and may be listened to (its connected/terminated events never fire in stateless mode): switch to `stateful: false` by hand, moving what those listeners do (SEP-2567)' };
    }
    j(value as never).find(j.Identifier).forEach((p: P) => { maybeUnused.push((p.node as N).name); });
    if (value.callee.type === 'Identifier') maybeUnused.push(value.callee.name);
  }
  if (v2) return planV2Route(j, source, call, options, legacy, maybeUnused, v2);

  const edits: TextEdit[] = [{ start: stateful.value.start, end: stateful.value.end, text: 'false' }];
  if (sessions) edits.push(propertyRemoval(source, options, sessions));
  return { kind: 'rewrite', at, edits, maybeUnused };
}

const V2_OPTIONS = new Set(['stateful', 'mcpEndpoint', 'createServer', 'sessions']);

/**
 * The register statement becomes the handler and its route, in the statement's place (the
 * factory keeps its scope). Refused where the route could differ from the plugin's: options
 * the route would drop, a factory called with arguments, a register call that is chained.
 */
function planV2Route(j: JSCodeshift, source: string, call: P, options: N, legacy: string, maybeUnused: string[], v2: V2RouteContext): FastifyMcpPlan {
  const at = call.get('arguments', 1) as P;
  const refuse = (why: string): FastifyMcpPlan => ({ kind: 'refuse', at, message: `fastify-mcp runs SDK v1 and cannot serve this v2 server; ${why}: replace the plugin by hand with \`app.all(mcpEndpoint, (request, reply) => handler(request.raw, reply.raw, request.body))\` over \`toNodeHandler(createMcpHandler(createServer))\` (SEP-2567)` });
  const other = (options.properties as N[]).find((q) => q.type !== 'ObjectProperty' || q.computed || !V2_OPTIONS.has(q.key?.name ?? q.key?.value));
  if (other) return refuse(`its option \`${source.slice(other.start, other.end).split(/[:(\n]/)[0].trim()}\` has no place on the route`);
  const endpoint = prop(options, 'mcpEndpoint')?.value as N | undefined;
  const factory = prop(options, 'createServer')?.value as N | undefined;
  if (!endpoint || !factory) return refuse('its `mcpEndpoint` or `createServer` is not in the options object');
  let factoryText: string | undefined;
  if (factory.type === 'Identifier') factoryText = `() => ${factory.name}()`;
  else if ((factory.type === 'ArrowFunctionExpression' || factory.type === 'FunctionExpression') && factory.params.length === 0) {
    factoryText = reindent(source.slice(factory.start, factory.end), indentAt(source, factory.start), indentAt(source, call.node.start));
  }
  if (factoryText === undefined) return refuse('its `createServer` is not a function of no arguments written here');

  let stmt: P = call;
  if (stmt.parent?.node.type === 'AwaitExpression') stmt = stmt.parent;
  if (stmt.parent?.node.type !== 'ExpressionStatement') return refuse('the register call is part of a larger expression');
  stmt = stmt.parent;

  // Comments between the options (outside the factory) would go with the statement: keep them above the route.
  const s = stmt.node as N;
  const seen = new Set<number>();
  const comments: string[] = [];
  j(stmt).find(j.Node).forEach((p: P) => {
    for (const c of ((p.node as N).comments ?? []) as N[]) {
      if (seen.has(c.start) || c.start < s.start || c.end > s.end || (c.start >= factory.start && c.end <= factory.end)) continue;
      seen.add(c.start);
      comments.push(source.slice(c.start, c.end));
    }
  });
  const indent = indentAt(source, s.start);
  const object = source.slice(call.node.callee.object.start, call.node.callee.object.end);
  const h = v2.handlerName;
  const lines = render([
    ...comments.map((c) => ({ depth: 0, raw: c })),
    [0, `const ${h} = toNodeHandler(createMcpHandler(@@FACTORY@@, { legacy: '${legacy}' }));`],
    [0, `${object}.all(@@ENDPOINT@@, (request, reply) => ${h}(request.raw, reply.raw, request.body));`],
  ], indent, v2.style).trimStart();
  const text = lines.replace('@@FACTORY@@', () => factoryText!).replace('@@ENDPOINT@@', () => source.slice(endpoint.start, endpoint.end));
  const callee = call.node.arguments[0] as N;
  return {
    kind: 'v2-route', at, edits: [{ start: s.start, end: s.end, text }],
    maybeUnused: [...maybeUnused, callee.name],
    addImports: [['@modelcontextprotocol/server', 'createMcpHandler'], ['@modelcontextprotocol/node', 'toNodeHandler']],
    endpoint: source.slice(endpoint.start, endpoint.end),
  };
}

/** The property's own lines when it has them, else the property and the comma joining it to a neighbour. */
function propertyRemoval(source: string, obj: N, p: N): TextEdit {
  const list = obj.properties as N[];
  const i = list.indexOf(p);
  const from = lineStart(source, p.start);
  const to = lineEnd(source, p.end);
  const tail = source.slice(p.end, to).trim();
  if (source.slice(from, p.start).trim() === '' && (tail === '' || tail === ',')) return { start: from, end: to, text: '' };
  if (i > 0) return { start: list[i - 1].end, end: p.end, text: '' };
  return { start: p.start, end: list[i + 1]?.start ?? p.end, text: '' };
}
