/**
 * The fastify-mcp plugin (`app.register(streamableHttp, { stateful: true, sessions, … })`)
 * keeps its own session map; its stateless mode (`stateful: false`) builds a server from
 * `createServer` and a `sessionIdGenerator: undefined` transport per POST and answers GET and
 * DELETE with 405. So the rewrite is the option itself, and the `sessions` store it no longer
 * takes. The package runs SDK v1: its stateless mode serves the 2025 protocol, which
 * 2026-07-28 clients negotiate down to.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { lineEnd, lineStart, type TextEdit } from './text-edit.ts';

type N = Record<string, any>;
type P = ASTPath<any>;

export type FastifyMcpPlan =
  | { kind: 'keep'; at: P }
  | { kind: 'refuse'; at: P; message: string }
  | { kind: 'rewrite'; at: P; edits: TextEdit[]; maybeUnused: string[] };

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
export function planFastifyMcpPlugin(j: JSCodeshift, root: Collection, source: string, legacy: string, sessionFeatures: string[]): FastifyMcpPlan | undefined {
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

  const edits: TextEdit[] = [{ start: stateful.value.start, end: stateful.value.end, text: 'false' }];
  const maybeUnused: string[] = [];
  const sessions = prop(options, 'sessions');
  if (sessions) {
    const value = sessions.value as N;
    if (value.type !== 'NewExpression') {
      return { kind: 'refuse', at, message: 'the `sessions` store handed to fastify-mcp is built elsewhere and may be listened to (its connected/terminated events never fire in stateless mode): switch to `stateful: false` by hand, moving what those listeners do (SEP-2567)' };
    }
    edits.push(propertyRemoval(source, options, sessions));
    j(value as never).find(j.Identifier).forEach((p: P) => { maybeUnused.push((p.node as N).name); });
    if (value.callee.type === 'Identifier') maybeUnused.push(value.callee.name);
  }
  return { kind: 'rewrite', at, edits, maybeUnused };
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
