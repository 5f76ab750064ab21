/**
 * Where an OAuth client parses the authorization redirect, and where the `code` it read
 * goes next. RFC 9207's `iss` must be read at that same place and carried along with the
 * code, so this is the anchor of the issuer rule for callbacks whose exchange it cannot see:
 * a hono `c.req.query('code')`, express `req.query.code` / `const { code } = req.query`,
 * `searchParams.get('code')` (Next.js `request.nextUrl.searchParams`, `new URLSearchParams(
 * location.search)`, `useSearchParams()`), and schema-decoded `urlParams.code`.
 *
 * A read counts only next to a read of `state` or `error` from the same kind of source, or
 * in a function or route named for a callback: a promo `code` in a query string is not an
 * authorization response.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';

type N = Record<string, any>;

/** How the parameters of the redirect are read, so `iss` can be named the same way. */
export type ParamReader =
  | { kind: 'get'; container: N } // P.get('code')
  | { kind: 'call'; callee: N } // c.req.query('code')
  | { kind: 'member'; container: N } // req.query.code, urlParams.code
  | { kind: 'pattern'; init: N }; // const { code } = req.query

export interface CodeRead {
  /** The node that yields the code (a call, a member, or the pattern's identifier). */
  path: ASTPath;
  reader: ParamReader;
  /** The local name the code is bound to, when it is bound (`const code = …`, `{ code }`). */
  binding?: ASTPath;
}

/** What the code is handed to after it is read. */
export interface CodeHop {
  path: ASTPath;
  kind: 'call' | 'exchange' | 'resolve' | 'post' | 'return' | 'store';
  /** `fetchUpstreamAuthToken`, `client.finishAuth`, `resolve`, `this.pending`… */
  name: string;
}

const PARAM_CONTAINER = /^(searchParams|query|params|urlParams|queryParams|callbackParams|search|urlSearchParams)$/i;
const CALLBACKISH = /callback|redirect|oauth|authoriz/i;

function strValue(node: N | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral' || (node.type === 'Literal' && typeof node.value === 'string')) return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

function propName(node: N): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return node.computed ? strValue(node.property) : undefined;
}

function keyName(prop: N): string | undefined {
  if (prop.type !== 'ObjectProperty' && prop.type !== 'Property') return undefined;
  if (prop.key.type === 'Identifier' && !prop.computed) return prop.key.name;
  return strValue(prop.key);
}

function strip(node: N | undefined): N | undefined {
  let n = node;
  while (n && ['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression', 'AwaitExpression'].includes(n.type)) n = n.expression ?? n.argument;
  return n;
}

/** The last name of a container expression: `searchParams` of `request.nextUrl.searchParams`. */
function tailName(node: N | undefined): string | undefined {
  const n = strip(node);
  if (!n) return undefined;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') return propName(n);
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'URLSearchParams') return 'searchParams';
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'useSearchParams') return 'searchParams';
  return undefined;
}

/** `P.get(name)` / `Q.query(name)` / `Q.name` / `{ name } = Q` readers of one parameter. */
function readerOf(path: ASTPath, param: string): ParamReader | undefined {
  const n = path.node as N;
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && strValue(n.arguments[0]) === param) {
    const method = propName(n.callee);
    if (method === 'get' && PARAM_CONTAINER.test(tailName(n.callee.object) ?? '')) return { kind: 'get', container: n.callee.object };
    // hono: `c.req.query('code')`
    if (method === 'query' && n.arguments.length === 1) return { kind: 'call', callee: n.callee };
  }
  if ((n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') && propName(n) === param &&
      PARAM_CONTAINER.test(tailName(n.object) ?? '')) return { kind: 'member', container: n.object };
  return undefined;
}

/** `{ code } = Q` where Q is a parameter container: `req.query`, `c.req.query()`, `Object.fromEntries(P)`. */
function patternReader(decl: N, param: string): { reader: ParamReader; value: N } | undefined {
  if (decl.id?.type !== 'ObjectPattern') return undefined;
  const prop = decl.id.properties.find((p: N) => keyName(p) === param && p.value?.type === 'Identifier');
  if (!prop) return undefined;
  const init = strip(decl.init);
  if (!init) return undefined;
  const isContainer = PARAM_CONTAINER.test(tailName(init) ?? '') ||
    (init.type === 'CallExpression' && init.callee.type === 'MemberExpression' && propName(init.callee) === 'query' && init.arguments.length === 0) ||
    (init.type === 'CallExpression' && init.callee.type === 'MemberExpression' && propName(init.callee) === 'fromEntries');
  return isContainer ? { reader: { kind: 'pattern', init }, value: prop.value } : undefined;
}

export function enclosingFunction(path: ASTPath): ASTPath | undefined {
  let p: ASTPath | null = path.parentPath;
  while (p) {
    if (/Function|ArrowFunctionExpression|ObjectMethod|ClassMethod/.test((p.node as N).type)) return p;
    p = p.parentPath;
  }
  return undefined;
}

/** The name a function goes by: its id, the const it is bound to, its method key, or its route. */
function functionLabel(fn: ASTPath): string {
  const f = fn.node as N;
  const names: string[] = [];
  if (f.id?.type === 'Identifier') names.push(f.id.name);
  if (f.key) names.push(f.key.name ?? strValue(f.key) ?? '');
  const holder = fn.parent?.node as N | undefined;
  if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') names.push(holder.id.name);
  // app.get('/oauth/callback', handler)
  if (holder?.type === 'CallExpression') for (const a of holder.arguments) { const s = strValue(a); if (s) names.push(s); }
  return names.join(' ');
}

/** Does `fn` read parameter `param` of the redirect in any of the reader shapes? */
function readsParam(j: JSCodeshift, fn: ASTPath, param: string): boolean {
  return j(fn).find(j.Node, (n: N) => n.type === 'CallExpression' || n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression' || n.type === 'VariableDeclarator')
    .filter((p: ASTPath<any>) => (p.node as N).type === 'VariableDeclarator' ? !!patternReader(p.node as N, param) : !!readerOf(p, param)).size() > 0;
}

/** Is `at` inside a branch taken for a callback route: `if (pathname === '/callback') { … }`? */
function inCallbackBranch(at: ASTPath, fn: ASTPath): boolean {
  for (let p: ASTPath | null = at; p && p.parentPath && p.node !== fn.node; p = p.parentPath) {
    const parent = p.parentPath.node as N;
    const test = parent.type === 'IfStatement' && parent.consequent === p.node ? parent.test
      : parent.type === 'SwitchCase' ? parent.test : undefined;
    if (!test) continue;
    const literals: string[] = [];
    const walk = (n: N | null | undefined) => {
      if (!n || typeof n !== 'object') return;
      const v = strValue(n);
      if (v !== undefined) literals.push(v);
      for (const k of ['left', 'right', 'argument', 'arguments', 'expressions']) {
        const c = (n as N)[k];
        if (Array.isArray(c)) c.forEach(walk); else if (c && typeof c === 'object') walk(c);
      }
    };
    walk(test);
    if (literals.some((l) => /^\/.*callback/i.test(l))) return true;
  }
  return false;
}

/**
 * Reads of the authorization `code` from a redirect, one per function, in source order: of a
 * function's reads, the first that is handed on (`if (!query('code'))` guards come first).
 */
export function codeReads(j: JSCodeshift, root: Collection): CodeRead[] {
  const byFn = new Map<unknown, CodeRead[]>();
  const redirectFns = new Map<unknown, boolean>();
  const consider = (read: CodeRead) => {
    const fn = enclosingFunction(read.path);
    if (!fn) return;
    if (!redirectFns.has(fn.node)) {
      redirectFns.set(fn.node, readsParam(j, fn, 'state') || readsParam(j, fn, 'error') || CALLBACKISH.test(functionLabel(fn)));
    }
    if (!redirectFns.get(fn.node) && !inCallbackBranch(read.path, fn)) return;
    const reads = byFn.get(fn.node) ?? [];
    reads.push(read);
    byFn.set(fn.node, reads);
  };
  root.find(j.Node, (n: N) => n.type === 'CallExpression' || n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression' || n.type === 'VariableDeclarator')
    .forEach((p: ASTPath<any>) => {
      const n = p.node as N;
      if (n.type === 'VariableDeclarator') {
        const pat = patternReader(n, 'code');
        if (pat) {
          const prop = n.id.properties.find((q: N) => q.value === pat.value);
          const at = p.get('id', 'properties', n.id.properties.indexOf(prop), 'value') as ASTPath;
          consider({ path: at, reader: pat.reader, binding: at });
        }
        return;
      }
      // `x.code` that is the callee object of `x.code.foo` is still a read of code; skip
      // writes (`params.code = …`).
      const parent = p.parent?.node as N | undefined;
      if (parent?.type === 'AssignmentExpression' && parent.left === n) return;
      const reader = readerOf(p, 'code');
      if (!reader) return;
      consider({ path: p, reader, binding: bindingOf(p) });
    });
  const order = (a: CodeRead, b: CodeRead) => ((a.path.node as N).start ?? 0) - ((b.path.node as N).start ?? 0);
  const found = [...byFn.values()].map((reads) => {
    reads.sort(order);
    return reads.find((r) => hopOf(j, root, r)) ?? reads[0];
  });
  return found.sort((a, b) => ((a.path.node as N).start ?? 0) - ((b.path.node as N).start ?? 0));
}

/** `const code = <read>` (through `?? ''`, casts): the declared identifier's path. */
function bindingOf(read: ASTPath): ASTPath | undefined {
  let p: ASTPath = read;
  while (p.parent && ['TSAsExpression', 'TSNonNullExpression', 'LogicalExpression', 'ParenthesizedExpression', 'AwaitExpression'].includes((p.parent.node as N).type) &&
    ((p.parent.node as N).type !== 'LogicalExpression' || (p.parent.node as N).left === p.node)) p = p.parent;
  const holder = p.parent?.node as N | undefined;
  if (holder?.type === 'VariableDeclarator' && holder.init === p.node && holder.id.type === 'Identifier') return p.parent!.get('id') as ASTPath;
  // `let code; … code = P.get('code')`: the declared identifier, whose later uses carry it on.
  if (holder?.type === 'AssignmentExpression' && holder.operator === '=' && holder.right === p.node && holder.left.type === 'Identifier') {
    const scope = (p.parent!.get('left') as any).scope?.lookup(holder.left.name);
    const declared = scope?.getBindings()[holder.left.name]?.[0] as ASTPath | undefined;
    if ((declared?.parent?.node as N | undefined)?.type === 'VariableDeclarator') return declared;
  }
  return undefined;
}

function calleeText(j: JSCodeshift, callee: N): string {
  if (callee.type === 'Identifier') return callee.name;
  if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed) {
    const o = callee.object as N;
    const obj = ['Identifier', 'ThisExpression', 'MemberExpression', 'OptionalMemberExpression'].includes(o.type)
      ? j(o as any).toSource()
      : o.type === 'CallExpression' && o.callee.type === 'Identifier' ? `${o.callee.name}(…)` : '…';
    return `${obj.length > 40 ? '…' : obj}.${callee.property.name}`;
  }
  return 'a callback';
}

/** A request body or query built from the code: `new URLSearchParams({ code })`, `JSON.stringify({ code })`. */
function isBodyBuilder(node: N): boolean {
  return (node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'URLSearchParams') ||
    (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.object.type === 'Identifier' &&
      node.callee.object.name === 'JSON' && propName(node.callee) === 'stringify');
}

const HTTP_CALL = /(^|\.)(fetch|post|request|got|ky|axios)$/;

/** What an expression holding the code flows into, seen from the code's own node. */
function sinkOf(j: JSCodeshift, root: Collection, at: ASTPath, depth = 0): CodeHop | undefined {
  let p: ASTPath = at;
  let viaKey: string | undefined;
  // Climb through wrappers and object literals: `f({ code })`, `resolve({ code, state })`.
  for (let i = 0; i < 8 && p.parent; i++) {
    const parent = p.parent.node as N;
    if (['TSAsExpression', 'TSNonNullExpression', 'ParenthesizedExpression', 'LogicalExpression', 'ConditionalExpression'].includes(parent.type)) { p = p.parent; continue; }
    if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.value === p.node) { viaKey = keyName(parent); p = p.parent.parent!; continue; }
    // A record of the callback's params (`const cb = { code: P.get('code'), … }`): the code goes
    // where `cb.code` goes.
    if (parent.type === 'VariableDeclarator' && parent.init === p.node && (p.node as N).type === 'ObjectExpression' &&
        parent.id.type === 'Identifier' && viaKey && depth < 2) {
      return firstSinkOfField(j, root, p.parent.get('id') as ASTPath, viaKey, depth + 1);
    }
    // A body built from the code goes where the body goes: the request that redeems it.
    if (isBodyBuilder(parent) && parent.callee !== p.node) {
      p = p.parent;
      // `new URLSearchParams({ code }).toString()` is the same body.
      const member = p.parent?.node as N | undefined;
      if (member?.type === 'MemberExpression' && member.object === p.node && propName(member) === 'toString' &&
          (p.parent!.parent?.node as N | undefined)?.callee === member) p = p.parent!.parent!;
      const holder = p.parent?.node as N | undefined;
      if (holder?.type === 'VariableDeclarator' && holder.init === p.node && holder.id.type === 'Identifier' && depth < 2) {
        return firstSinkOfBinding(j, root, p.parent!.get('id') as ASTPath, depth + 1);
      }
      continue;
    }
    if (parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression' || parent.type === 'NewExpression') {
      if (parent.callee === p.node) return undefined;
      const name = calleeText(j, parent.callee);
      // Logging the code hands it nowhere.
      if (/^console\./.test(name)) return undefined;
      if (HTTP_CALL.test(name)) return { path: p.parent, kind: 'exchange', name };
      if (/(^|\.)resolve$/.test(name) || /Resolve$|resolver$/i.test(name)) return { path: p.parent, kind: 'resolve', name };
      if (/postMessage$/.test(name)) return { path: p.parent, kind: 'post', name };
      return { path: p.parent, kind: 'call', name };
    }
    if (parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === p.node)) return { path: p.parent, kind: 'return', name: 'return' };
    if (parent.type === 'AssignmentExpression' && parent.right === p.node && parent.left.type === 'MemberExpression') {
      return { path: p.parent, kind: 'store', name: j(parent.left as any).toSource() };
    }
    return undefined;
  }
  return undefined;
}

/** The first place the code is handed on: inline in its read, or through its binding. */
export function hopOf(j: JSCodeshift, root: Collection, read: CodeRead): CodeHop | undefined {
  const direct = sinkOf(j, root, read.path);
  if (direct || !read.binding) return direct;
  return firstSinkOfBinding(j, root, read.binding, 0);
}

/** The first `record.<key>` read (record declared at `binding`) that hands its value on. */
function firstSinkOfField(j: JSCodeshift, root: Collection, binding: ASTPath, key: string, depth: number): CodeHop | undefined {
  const id = binding.node as N;
  const scope = (binding as any).scope;
  const reads = root.find(j.MemberExpression, (m: N) => m.object.type === 'Identifier' && m.object.name === id.name && propName(m) === key)
    .filter((m) => (m as any).scope?.lookup(id.name) === scope)
    .paths().sort((a, b) => ((a.node as N).start ?? 0) - ((b.node as N).start ?? 0));
  for (const read of reads) {
    const hop = sinkOf(j, root, read, depth);
    if (hop) return hop;
  }
  return undefined;
}

/** The first reference of the identifier declared at `binding` that hands its value on. */
function firstSinkOfBinding(j: JSCodeshift, root: Collection, binding: ASTPath, depth: number): CodeHop | undefined {
  const id = binding.node as N;
  const scope = (binding as any).scope;
  const refs = root.find(j.Identifier, { name: id.name }).filter((p) => {
    if (p.node === id) return false;
    const parent = p.parent?.node as N;
    if (parent?.type === 'MemberExpression' && parent.property === p.node && !parent.computed) return false;
    if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property') && parent.key === p.node && !parent.shorthand) return false;
    return (p as any).scope?.lookup(id.name) === scope;
  }).paths().sort((a, b) => ((a.node as N).start ?? 0) - ((b.node as N).start ?? 0));
  for (const ref of refs) {
    // `{ code }` shorthand: the property's value is the reference.
    const hop = sinkOf(j, root, ref, depth);
    if (hop) return hop;
  }
  return undefined;
}

/** The expression that reads `iss` where `reader` reads the code, for the advice. */
export function issReadText(j: JSCodeshift, reader: ParamReader): string {
  const text = (n: N) => j(n as any).toSource();
  switch (reader.kind) {
    case 'get': return `${text(reader.container)}.get('iss')`;
    case 'call': return `${text(reader.callee)}('iss')`;
    case 'member': return `${text(reader.container)}.iss`;
    case 'pattern': return `\`iss\` beside \`code\` from ${text(reader.init)}`;
  }
}

/** Does `fn` read `iss` in any reader shape, or compare an issuer already? */
export function readsIssIn(j: JSCodeshift, fn: ASTPath): boolean {
  if (readsParam(j, fn, 'iss')) return true;
  return j(fn).find(j.Node, (n: N) => (n.type === 'ObjectProperty' || n.type === 'Property') && keyName(n) === 'iss').size() > 0 ||
    j(fn).find(j.MemberExpression, (n: N) => propName(n) === 'iss').size() > 0;
}
