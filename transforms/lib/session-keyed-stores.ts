/**
 * Stores keyed by a session id outside any SDK tool handler: a gateway's per-session
 * capability registry, a per-session timer map, a session store module, a framework's
 * `execute(args, context)` keyed by `context.sessionId`. The tool-handler analysis of
 * session-state never meets them (the id is read in another function, often another file,
 * or off a framework's context), yet in 2026-07-28 (SEP-2567) the id they are keyed by no
 * longer exists.
 *
 * Found here, not judged: a store counts when it is a plain name or a `this.<field>`, is
 * read or written with `.get/.set/.has/.delete/.add(key)` or `store[key]`, and `key` is a
 * session id by where it comes from (sessionKey()): a parameter named like one, a request
 * context's `sessionId`, or the `mcp-session-id` header. Not counted:
 * stores filled under ids the file mints (`const sessionId = randomUUID()`: its own handles,
 * passed back as tool arguments), maps of transports or live connections (routing and
 * connection plumbing: stateless-transport's), a transport class's own sessions, instances of
 * a class declared in the same file (the class's own field is the store).
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { lstatSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

type N = Record<string, any>;
type P = ASTPath<any>;

export const SESSION_KEY_NAME = /^(session_?id|sid|mcpSessionId)$/i;
const STORE_METHODS = new Set(['get', 'set', 'has', 'delete', 'add']);
/** A request context parameter: FastMCP's `execute(args, context)`, an SDK handler's `extra`. */
const CONTEXT_PARAM = /^(ctx|context|extra)$/;

export interface KeyedStore {
  /** As written: `clientCapabilities`, `this.sessions`. */
  name: string;
  /** The statement a marker belongs above: the store's declaration in this file, else its first keyed use. */
  anchor: P;
  /** What keys it, for a message: "the `sessionId` parameter of `remember`", "`context.sessionId`". */
  keyedBy: string;
}

export function sessionKeyedStores(j: JSCodeshift, root: Collection): KeyedStore[] {
  const uses = new Map<string, { first: P; key: P; store: N }>();
  const transportValued = new Set<string>();
  // Per store: whether every value written is a clock reading (`Date.now()`).
  const clockOnly = new Map<string, boolean>();
  const written = (name: string | undefined, value: N | undefined) => {
    if (name) clockOnly.set(name, (clockOnly.get(name) ?? true) && isClockReading(value));
  };
  // Stores something is put into here (`.set`, `.add`, `store[k] = …`), under any key.
  const filled = new Set<string>();
  // Stores filled under ids this file mints: its own handles, passed back as tool arguments.
  const minted = new Set<string>();
  const note = (store: N, key: P, at: P) => {
    const name = storeName(store);
    if (!name || /transport/i.test(name)) return;
    if (!uses.has(name)) uses.set(name, { first: at, key, store });
  };

  root.find(j.CallExpression).forEach((p: P) => {
    const callee = p.node.callee as N;
    if (callee.type !== 'MemberExpression' || callee.computed || !STORE_METHODS.has(callee.property?.name)) return;
    const key = p.get('arguments', 0) as P;
    const name = storeName(callee.object);
    if (name && callee.property.name === 'set' && isMinted(key)) minted.add(name);
    if (name && callee.property.name === 'set' && holdsConnection(p.node.arguments[1])) transportValued.add(name);
    if (callee.property.name === 'set') written(name, p.node.arguments[1]);
    if (name && (callee.property.name === 'set' || callee.property.name === 'add')) filled.add(name);
    if (!sessionKey(key)) return;
    note(callee.object, key, p);
  });
  root.find(j.MemberExpression, { computed: true }).forEach((p: P) => {
    const up = p.parent?.node as N | undefined;
    const stored = storeName(p.node.object);
    if (stored && up?.type === 'AssignmentExpression' && up.left === p.node) filled.add(stored);
    const key = p.get('property') as P;
    if (!sessionKey(key)) return;
    const parent = p.parent?.node as N | undefined;
    const name = storeName(p.node.object);
    if (name && parent?.type === 'AssignmentExpression' && parent.left === p.node && holdsConnection(parent.right)) transportValued.add(name);
    if (parent?.type === 'AssignmentExpression' && parent.left === p.node) written(name, parent.right);
    note(p.node.object, key, p);
  });

  // An instance of a class declared here wraps that class's own field, which is the store.
  const classes = new Set(root.find(j.ClassDeclaration).nodes().map((n: N) => n.id?.name).filter(Boolean));
  const out: KeyedStore[] = [];
  for (const [name, u] of uses) {
    // Activity times (`lastSeen.set(sessionId, Date.now())`) only feed a reaper of the
    // sessions themselves: session plumbing, with no state of the user's in it.
    if (transportValued.has(name) || minted.has(name) || clockOnly.get(name)) continue;
    const decl = declarationOf(j, root, u.store, u.first);
    // Declared here, never exported and never filled anywhere in the file: it holds nothing.
    if (decl && !filled.has(name) && decl.parent?.node.type !== 'ExportNamedDeclaration' && startsEmpty(decl.node as N)) continue;
    const init = (decl?.node as N | undefined)?.declarations?.[0]?.init as N | undefined;
    if (init?.type === 'NewExpression' && init.callee.type === 'Identifier' && classes.has(init.callee.name)) continue;
    if (holdsConnectionType(decl?.node as N | undefined) || inTransportClass(u.first)) continue;
    out.push({ name, anchor: decl ?? u.first, keyedBy: sessionKey(u.key)! });
  }
  return out.sort((a, b) => (a.anchor.node as N).start - (b.anchor.node as N).start);
}

/** `const s = new Map()`, `new Set()`, `{}`, or a class field with one of those (or none). */
function startsEmpty(decl: N): boolean {
  const init = decl.type === 'VariableDeclaration' ? decl.declarations?.[0]?.init : decl.value;
  if (!init) return true;
  if (init.type === 'NewExpression') return init.arguments.length === 0;
  return init.type === 'ObjectExpression' && init.properties.length === 0;
}

/** `Date.now()`, `performance.now()`, `Date.now() + ttl`: a clock reading, maybe offset. */
function isClockReading(v: N | undefined): boolean {
  if (v?.type === 'BinaryExpression' && (v.operator === '+' || v.operator === '-')) return isClockReading(v.left) || isClockReading(v.right);
  if (v?.type !== 'CallExpression' || v.arguments.length || v.callee.type !== 'MemberExpression' || v.callee.computed) return false;
  const obj = v.callee.object as N;
  return v.callee.property?.name === 'now' && obj.type === 'Identifier' && (obj.name === 'Date' || obj.name === 'performance');
}

function storeName(n: N): string | undefined {
  if (n?.type === 'Identifier') return n.name;
  if (n?.type === 'MemberExpression' && !n.computed && n.object.type === 'ThisExpression' && n.property.type === 'Identifier') return `this.${n.property.name}`;
  return undefined;
}

/**
 * What makes `key` a session id, described for a message, or undefined:
 * - a parameter named like one (`sessionId`, `sid`) of a function around it;
 * - `context.sessionId` / `extra?.sessionId` read off a request context parameter;
 * - a local holding either of those, or the `mcp-session-id` header.
 */
function sessionKey(key: P): string | undefined {
  const n = key.node as N;
  if (n?.type === 'Identifier') {
    if (!SESSION_KEY_NAME.test(n.name)) return undefined;
    const scope = key.scope?.lookup(n.name);
    const fn = scope?.node as N | undefined;
    // A tool's own arguments (`async ({ sessionId }) => …`) are an explicit handle the caller passes.
    const toolArgs = !!scope && toolCallback(scope.path as P);
    if (fn && !toolArgs && Array.isArray(fn.params) && fn.params.some((param: N) => paramName(param) === n.name || destructures(param, n.name))) {
      const name = functionName(fn);
      return name ? `the \`${n.name}\` parameter of \`${name}\`` : `a \`${n.name}\` parameter`;
    }
    const binding = scope?.getBindings()[n.name]?.[0] as P | undefined;
    // `const { sessionId } = opts`, `opts` a parameter: the caller's session id, as a parameter would be.
    const pattern = binding?.parent?.node as N | undefined;
    const holder = pattern?.type === 'ObjectProperty' ? binding!.parent.parent?.parent?.node as N | undefined : undefined;
    if (holder?.type === 'VariableDeclarator' && holder.id === binding!.parent.parent.node && holder.init?.type === 'Identifier' && fn && !toolArgs) {
      const from = holder.init.name as string;
      if (Array.isArray(fn.params) && fn.params.some((param: N) => paramName(param) === from)) {
        const name = functionName(fn);
        return `\`${n.name}\`, from the \`${from}\` parameter${name ? ` of \`${name}\`` : ''}`;
      }
    }
    const decl = binding?.parent?.node as N | undefined;
    if (decl?.type !== 'VariableDeclarator' || !decl.init) return undefined;
    const from = contextRead(decl.init, key) ?? (readsSessionHeader(decl.init) ? 'the mcp-session-id header' : undefined);
    return from && `\`${n.name}\`, from ${from}`;
  }
  return contextRead(n, key);
}

/** `context.sessionId` (optional chains, `!` and a `?? fallback` included) where `context` is a request context parameter. */
function contextRead(e: N, at: P): string | undefined {
  while (e?.type === 'TSNonNullExpression' || e?.type === 'TSAsExpression' || e?.type === 'LogicalExpression') e = e.type === 'LogicalExpression' ? e.left : e.expression;
  if ((e?.type !== 'MemberExpression' && e?.type !== 'OptionalMemberExpression') || e.computed || e.property?.name !== 'sessionId') return undefined;
  const obj = e.object as N;
  if (obj.type !== 'Identifier' || !CONTEXT_PARAM.test(obj.name)) return undefined;
  const fn = at.scope?.lookup(obj.name)?.node as N | undefined;
  if (!fn || !Array.isArray(fn.params) || !fn.params.some((param: N) => paramName(param) === obj.name)) return undefined;
  return `\`${obj.name}.sessionId\``;
}

function readsSessionHeader(e: N): boolean {
  let hit = false;
  const visit = (n: N) => {
    if (hit || !n || typeof n.type !== 'string') return;
    if ((n.type === 'StringLiteral' || n.type === 'Literal') && typeof n.value === 'string' && n.value.toLowerCase() === 'mcp-session-id') hit = true;
    for (const k of Object.keys(n)) {
      if (k === 'loc' || k === 'comments' || k === 'tokens') continue;
      const v = n[k];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
    }
  };
  visit(e);
  return hit;
}

/** `const sessionId = randomUUID()` (or nanoid, uuid v4, randomBytes, a `generateSessionId()` of the file's own) in scope of the key. */
function isMinted(key: P): boolean {
  const n = key.node as N;
  if (n?.type !== 'Identifier') return false;
  const binding = key.scope?.lookup(n.name)?.getBindings()[n.name]?.[0] as P | undefined;
  const decl = binding?.parent?.node as N | undefined;
  if (decl?.type !== 'VariableDeclarator' || decl.init?.type !== 'CallExpression') return false;
  const callee = decl.init.callee as N;
  const called = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? callee.property?.name : '';
  return /^(randomUUID|uuid\w*|v4|nanoid|randomBytes|(generate|create|new|mint)\w*Id)$/i.test(called ?? '');
}

const TOOL_REGISTRATION = /^(registerTool|tool|registerPrompt|prompt|registerResource|resource|addTool)$/;

/** The function is the handler handed to a tool (or prompt, resource) registration. */
function toolCallback(fn: P | undefined): boolean {
  const call = fn?.parent?.node as N | undefined;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn!.node)) return false;
  const callee = call.callee as N;
  const name = callee.type === 'Identifier' ? callee.name : !callee.computed ? callee.property?.name : undefined;
  return TOOL_REGISTRATION.test(name ?? '');
}

/** `function f({ sessionId })`: the parameter object's own `sessionId`. */
function destructures(param: N, name: string): boolean {
  const pattern = param.type === 'AssignmentPattern' ? param.left : param;
  return pattern?.type === 'ObjectPattern' && (pattern.properties as N[]).some((q) => q.type === 'ObjectProperty' && q.value?.type === 'Identifier' && q.value.name === name);
}

function paramName(param: N): string | undefined {
  if (param.type === 'Identifier') return param.name;
  if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') return param.left.name;
  if (param.type === 'TSParameterProperty') return paramName(param.parameter);
  return undefined;
}

const CONNECTION = /transport|^(res|reply|response|socket|ws|stream|writer|controller|connection)$|(Socket|Stream|Response|Connection)$/i;

/**
 * A transport or a live connection (a response, socket, stream writer), or a record carrying
 * one (`{ transport, server }`, `{ res }`): routing and connection plumbing, not state.
 */
function holdsConnection(v: N | undefined): boolean {
  if (!v) return false;
  if (holdsServer(v)) return true;
  if (v.type === 'Identifier') return CONNECTION.test(v.name);
  if (v.type === 'NewExpression') return /(Transport|Socket|Stream)$/.test(v.callee?.name ?? v.callee?.property?.name ?? '');
  if (v.type === 'ObjectExpression') return v.properties.some((p: N) => CONNECTION.test(p.key?.name ?? '') || (p.type === 'ObjectProperty' && p.value?.type === 'Identifier' && CONNECTION.test(p.value.name)));
  return false;
}

/**
 * The MCP server a session's transport is connected to (`server`, `new McpServer(…)`,
 * `createMcpServer()`): a per-session server map is the session plumbing's other half (judged
 * so on the trial: the lookup hop of flows marked where the session is routed or captured).
 */
function holdsServer(v: N): boolean {
  if (v.type === 'Identifier') return /server$/i.test(v.name);
  if (v.type === 'NewExpression') return /^(Mcp)?Server$/.test(v.callee?.name ?? v.callee?.property?.name ?? '');
  if (v.type === 'CallExpression') return /^create\w*Server$/i.test(v.callee?.name ?? v.callee?.property?.name ?? '');
  return false;
}

/** `new Map<string, WebSocket>()`, `sockets: Map<string, ServerResponse>`: a map of live connections (or servers), by its declared value type. */
function holdsConnectionType(decl: N | undefined): boolean {
  if (!decl) return false;
  const d = decl.declarations?.[0] ?? decl;
  const typeArgs = (d.init?.typeParameters ?? d.init?.typeArguments)?.params ?? (d.id?.typeAnnotation ?? d.typeAnnotation)?.typeAnnotation?.typeParameters?.params ?? d.value?.typeParameters?.params ?? [];
  const value = typeArgs[typeArgs.length - 1] as N | undefined;
  const name = value?.typeName?.name ?? value?.typeName?.right?.name;
  if (typeArgs.length !== 2 || !name) return false;
  // `ReturnType<typeof createMcpServer>`
  const query = name === 'ReturnType' ? (value!.typeParameters?.params?.[0] as N | undefined) : undefined;
  if (query?.type === 'TSTypeQuery' && /server$/i.test(query.exprName?.name ?? query.exprName?.right?.name ?? '')) return true;
  return CONNECTION.test(name) || /^(Mcp)?Server$/.test(name);
}

/** Inside a class that implements a transport (`class SSETransport`, `implements Transport`): its sessions are the transport's own. */
export function inTransportClass(p: P): boolean {
  for (let q: P | null = p.parent; q; q = q.parent) {
    const n = q.node as N;
    if (n.type !== 'ClassDeclaration' && n.type !== 'ClassExpression') continue;
    if (/Transport$/.test(n.id?.name ?? '')) return true;
    if ((n.implements ?? []).some((i: N) => /Transport$/.test(i.expression?.name ?? i.id?.name ?? ''))) return true;
  }
  return false;
}

function functionName(fn: N): string | undefined {
  if (fn.id?.name) return fn.id.name;
  if ((fn.type === 'ClassMethod' || fn.type === 'ObjectMethod') && fn.key?.type === 'Identifier') return fn.key.name;
  return undefined;
}

/**
 * Where the store is declared in this file: `const x = new Map()` (any scope around the use)
 * or a class field `x = new Map()` / `private x: …` of the class around `this.x`. Imported or
 * injected stores have no declaration here.
 */
function declarationOf(j: JSCodeshift, root: Collection, store: N, use: P): P | undefined {
  if (store.type === 'Identifier') {
    const scope = use.scope?.lookup(store.name);
    const binding = scope?.getBindings()[store.name]?.[0] as P | undefined;
    for (let q: P | null | undefined = binding; q; q = q.parent) {
      if (q.node.type === 'VariableDeclaration') return q;
      if (/Function|Import|Class|Catch/.test(q.node.type) || Array.isArray(q.node.params)) return undefined;
    }
    return undefined;
  }
  const field = store.property.name;
  for (let q: P | null = use.parent; q; q = q.parent) {
    if (q.node.type !== 'ClassBody') continue;
    const member = (q.node.body as N[]).findIndex((m) => (m.type === 'ClassProperty' || m.type === 'PropertyDefinition') && !m.static && !m.computed && m.key?.name === field);
    return member >= 0 ? (q.get('body', member) as P) : undefined;
  }
  return undefined;
}

/**
 * Does the module `specifier` (a relative import of the file at `fromPath`) keep a store keyed
 * by a session id (sessionKeyedStores)? Then a session id handed to one of its functions is
 * marked there, at the store, and a marker at the hand-off would say the same thing twice
 * (judged false on the trial: `syncRoots(server, extra.sessionId)`). Reads the disk like
 * sibling-mounts.ts; an unresolvable, large or unparsable module answers no.
 */
const storeModules = new Map<string, boolean>();
const MODULE_MAX_BYTES = 1 << 20;

export function keepsKeyedStore(j: JSCodeshift, fromPath: string, specifier: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const base = resolve(dirname(resolve(fromPath)), specifier);
  const stem = base.replace(/\.[mc]?js$/, '');
  const candidates = [base, ...['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs'].map((e) => stem + e), ...['index.ts', 'index.js'].map((i) => join(base, i))];
  const file = candidates.find((f) => {
    try {
      const st = lstatSync(f);
      return st.isFile() && st.size <= MODULE_MAX_BYTES;
    } catch {
      return false;
    }
  });
  if (!file) return false;
  const known = storeModules.get(file);
  if (known !== undefined) return known;
  let answer = false;
  try {
    answer = sessionKeyedStores(j, j(readFileSync(file, 'utf8'))).length > 0;
  } catch {
    answer = false;
  }
  storeModules.set(file, answer);
  return answer;
}
