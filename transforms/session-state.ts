/**
 * Session-keyed application state becomes explicit state handles (MCP 2026-07-28, SEP-2567).
 *
 * Once the protocol session is gone, every `extra.sessionId` / `ctx.sessionId` a handler reads
 * is undefined, so a store keyed by it silently becomes one store shared by every caller.
 * SEP-2567's fix: key the store by a handle the model passes as a tool argument, minted by an
 * `open_<state>` tool. This transform does that for McpServer tools (v1 `tool`/`registerTool`,
 * v2 `registerTool`) whose handlers key a Map-like store by the session id, and:
 * - session ids used as telemetry / log / rate-limit keys → the auth principal, else the request id;
 * - `sendLoggingMessage(params, sessionId)` → the session argument goes;
 * - clients: `sessionId` transport option, `terminateSession()`, hand-set `Mcp-Session-Id`
 *   headers are removed; reads of `transport.sessionId` / the response header get a marker.
 * It refuses (marker + manual finding), never half-rewriting a file: gateways routing on the
 * session id, auth artifacts keyed by it, low-level `setRequestHandler` servers, reads it cannot
 * follow (aliases, resources, prompts, stores that are not plain identifiers, no creation site).
 * stdio servers with module-level mutable state get an info finding.
 *
 * Runs after stateless-transport: transport maps and `sessionIdGenerator` are its business, so
 * anything inside a callback of the transport (`onsessioninitialized`, `onsessionclosed`,
 * `transport.onclose`) is read here only to find where a store's entries were created or
 * cleaned up.
 */
import type { API, ASTPath, Collection, FileInfo, JSCodeshift, Node, Options } from 'jscodeshift';
import { sdkFlavor, ensureNamedImport, importedLocalName } from './lib/sdk.ts';
import { report } from './lib/report.ts';
import { mark, isIgnored } from './lib/markers.ts';
import { print } from './lib/print.ts';
import {
  applySplices, drainMarkers, indentOf, lineEndOf, lineStartOf, markTextPatched, removeLines, sourceStyle, styled,
  type Splice, type SourceStyle,
} from './lib/source-splice.ts';
import {
  stateNames, helperSource, openToolSource, closeToolSource, paramSchema, authInfoOf, principalOrRequestId,
  type Flavor, type StateNames,
} from './lib/state-handles.ts';

export const meta = {
  id: 'session-state',
  summary: 'Session-keyed state → explicit state handles; session-keyed telemetry → principal; client session handling removed',
  triggers: ['@modelcontextprotocol/', 'mcp-session-id', 'Mcp-Session-Id', 'MCP-Session-Id'],
};
export const parser = 'tsx';

const rule = meta.id;
type N = Node & Record<string, any>;
type P = ASTPath<any>;

const STORE_METHODS = new Set(['get', 'has', 'set', 'delete']);
const TELEMETRY_CALLEE = /^(console|logger|log|metrics?|telemetry|tracer|span|statsd|analytics|posthog|rateLimiter|limiter)$/i;
const TELEMETRY_METHOD = /^(log|info|warn|error|debug|trace|fatal|increment|inc|count|observe|record|histogram|gauge|track|capture|setAttribute|setAttributes|consume|hit|limit|check)$/;
const TELEMETRY_STORE = /rate|limit|bucket|throttle|quota|hits|count|metric|stats?$|^(requests|calls|usage)/i;
const AUTH_STORE = /verifier|pkce|oauth|token|user|principal|identity|login|auth|credential|pinned/i;
const GATEWAY_STORE = /upstream|backend|target|route|proxy|shard|instance|sticky|affinity/i;
const LITERAL_INIT = new Set(['ArrayExpression', 'ObjectExpression', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'Literal', 'TemplateLiteral']);

interface Ctx {
  j: JSCodeshift;
  root: Collection;
  report: { file: FileInfo; api: API; options: Options };
  flavor: Flavor;
  ts: boolean;
  source: string;
  style: SourceStyle;
  /** Every rewrite is a text splice (see lib/source-splice.ts): the tree itself is never mutated. */
  edits: Splice[];
}

/** A tool registration whose handler we may rewrite. */
interface Tool {
  call: N;
  path: P;
  name: string;
  server: string;
  kind: 'tool' | 'registerTool';
  handler: N;
  /** The handler's context parameter name (`extra` / `ctx`), if it has one as a plain identifier. */
  ctxName?: string;
  /** Where the input schema object literal lives (raw shape), if any. */
  shape?: N;
  /** registerTool config object, when the tool has none yet. */
  config?: N;
}

/** One classified read of the session id inside a tool handler. */
type Use =
  | { kind: 'store'; store: string; expr: P; tool: Tool }
  | { kind: 'telemetry'; expr: P; tool: Tool }
  | { kind: 'notify'; expr: P; call: N };

const fail = (why: string) => ({ ok: false as const, why });

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const j = api.jscodeshift;
  const source = file.source;
  if (!/sessionId|mcp-session-id|terminateSession|StdioServerTransport|serveStdio/i.test(source)) return undefined;
  const root = j(source);
  const flavor = sdkFlavor(j, root);
  if (flavor === 'none' && !/mcp-session-id/i.test(source)) return undefined;
  lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const c: Ctx = {
    j, root, report: { file, api, options }, flavor: flavor === 'v2' ? 'v2' : 'v1',
    ts: /\.[mc]?tsx?$/i.test(file.path), source, style: sourceStyle(source), edits: [],
  };

  let changed = clientSide(c);
  changed = headerReads(c) || changed;
  if (flavor !== 'none') changed = serverSide(c) || changed;
  if (flavor !== 'none') stdioState(c);
  if (!changed) return undefined;
  if (!c.edits.length) return print(root, source); // markers only
  const out = applySplices(source, [...c.edits, ...drainMarkers(root.get().node, source, c.style, (n) => at(n as N))]);
  markTextPatched(root);
  return out;
}

/**
 * Offsets in the file's own text. Taken from line/column: on a CRLF file the parser sees
 * recast's LF-normalized text, so `node.start` drifts by one per line.
 */
let lineStarts: number[] = [];
function offsetOf(pos: { line: number; column: number }): number {
  return lineStarts[pos.line - 1] + pos.column;
}
const at = (n: N) => offsetOf(n.loc.start);
const end = (n: N) => offsetOf(n.loc.end);

function edit(c: Ctx, start: number, stop: number, text: string) {
  c.edits.push({ start, end: stop, text });
}

// ---------------------------------------------------------------- server: state and telemetry

function serverSide(c: Ctx): boolean {
  const { j, root } = c;
  const tools = findTools(c);
  const uses: Use[] = [];
  const refusals: Array<{ path: P; category: string; message: string }> = [];
  const refuse = (path: P, category: string, message: string) => refusals.push({ path, category, message });
  const toolHandlers = new Set(tools.map((t) => t.handler));
  const callbacks = transportCallbacks(c);

  // Every `<ctx>.sessionId` read in the file, classified by where it is.
  root.find(j.MemberExpression, { property: { name: 'sessionId' } }).forEach((read: P) => {
    if (isIgnored(read, rule)) return;
    const fn = enclosingFunction(read);
    if (callbacks.some((cb) => contains(cb.fn, read.node))) return; // transport callbacks: see creationAndCleanup
    const tool = tools.find((t) => t.handler === fn?.node);
    if (!tool) {
      if (fn && lowLevelHandler(fn)) {
        refuse(read, 'session-keyed-state', 'low-level setRequestHandler server: the state flow behind this session id is not visible to mcp-migrate; move the tool to McpServer.registerTool or add a handle argument by hand (sessions are gone in 2026-07-28, SEP-2567)');
      } else if (fn && isRegisteredHandler(fn, toolHandlers)) {
        refuse(read, 'session-keyed-state', 'this resource/prompt handler reads the session id, which is undefined in 2026-07-28 (SEP-2567); resources and prompts take no handle argument, so key this state by the auth principal or move it behind a tool');
      } else if (isTransportSessionRead(read)) {
        // transport.sessionId outside tools: transport plumbing (stateless-transport) or client code.
      } else {
        refuse(read, 'session-keyed-state', 'session id read here cannot be followed to its use; after 2026-07-28 (SEP-2567) it is undefined: pass an explicit handle or use the auth principal');
      }
      return;
    }
    if (read.node.object.type !== 'Identifier' || read.node.object.name !== tool.ctxName) return;
    const r = classify(c, tool, read, uses);
    if (r) refuse(read, r.category, r.message);
  });

  // Group store uses by store; check each store can be migrated.
  const stores = new Map<string, Use[]>();
  for (const u of uses) if (u.kind === 'store') stores.set(u.store, [...(stores.get(u.store) ?? []), u]);
  const { inits, cleanups } = creationAndCleanup(c, callbacks, [...stores.keys()]);
  const plans: StorePlan[] = [];
  for (const [store, list] of stores) {
    const plan = planStore(c, store, list, tools, inits.get(store) ?? []);
    if (!plan.ok) {
      for (const u of list) refuse(u.expr, plan.category, plan.why);
      continue;
    }
    plans.push({ ...plan.plan, cleanups: cleanups.get(store) ?? [] });
  }

  if (refusals.length) {
    // Never half a file: the reads we could rewrite stay as they are until a person decides.
    let changed = false;
    for (const r of refusals) changed = mark(j, c.report, r.path, { rule, category: r.category, message: r.message }) || changed;
    return changed;
  }
  if (!uses.length) return false;

  for (const u of uses) {
    if (u.kind === 'notify') {
      edit(c, end(u.call.arguments[0]), end(u.call.arguments[1]), '');
      fixed(c, u.expr, 'session-keyed-state', 'sendLoggingMessage no longer takes a session id: 2026-07-28 has no sessions to route to (SEP-2567)');
    } else if (u.kind === 'telemetry') {
      edit(c, at(u.expr.node), end(u.expr.node), principalOrRequestId(c.flavor, u.tool.ctxName!));
      fixed(c, u.expr, 'session-telemetry-key', 'session id used as a telemetry/log/rate-limit key → the auth principal, else the request id (2026-07-28 has no session; per-session aggregation is gone)');
    }
  }
  for (const plan of plans) applyStore(c, plan);
  return true;
}

function fixed(c: Ctx, node: unknown, category: string, message: string) {
  report(c.report, { rule, category, severity: 'warning', resolution: 'fixed', message, node });
}

/** Classifies one `<ctx>.sessionId` read in a tool handler; returns a refusal or records a use. */
function classify(c: Ctx, tool: Tool, read: P, uses: Use[]): { category: string; message: string } | undefined {
  const expr = unwrapUp(read);
  const parent = expr.parent.node as N;

  // `const sid = extra.sessionId!`: follow the alias through the handler.
  if (parent.type === 'VariableDeclarator' && parent.init === expr.node && parent.id.type === 'Identifier' &&
      expr.parent.parent.parent?.node === tool.handler.body) {
    const refs = references(c, tool.handler, parent.id.name);
    if (!refs.length) return undefined;
    const found: Use[] = [];
    for (const ref of refs) {
      const u = classifyKey(c, tool, ref);
      if (!u) return unfollowable(parent.id.name);
      found.push(u);
    }
    // Only telemetry reads it: the alias itself becomes the principal (one edit, names kept).
    if (found.every((u) => u.kind === 'telemetry')) uses.push({ kind: 'telemetry', expr, tool });
    else uses.push(...found);
    (tool as any).aliases = [...((tool as any).aliases ?? []), expr.parent];
    return undefined;
  }
  const u = classifyKey(c, tool, expr);
  if (!u) return unfollowable(`${tool.ctxName}.sessionId`);
  uses.push(u);
  return undefined;
}

function unfollowable(what: string) {
  return {
    category: 'session-keyed-state',
    message: `\`${what}\` is used in a way mcp-migrate cannot follow; it is undefined once sessions are gone (2026-07-28, SEP-2567): key the state by an explicit handle argument or the auth principal`,
  };
}

/** A session-id valued expression: as a store key, a telemetry value, or a notification target. */
function classifyKey(c: Ctx, tool: Tool, expr: P): Use | undefined {
  const e = unwrapUp(expr);
  const parent = e.parent.node as N;
  if (parent.type === 'CallExpression' && parent.arguments[0] === e.node) {
    const callee = parent.callee as N;
    if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' &&
        STORE_METHODS.has(callee.property.name)) {
      const store = callee.object.name as string;
      if (TELEMETRY_STORE.test(store)) return { kind: 'telemetry', expr: e, tool };
      return { kind: 'store', store, expr: e, tool };
    }
  }
  if (parent.type === 'CallExpression' && parent.arguments[1] === e.node && calleeName(parent) === 'sendLoggingMessage') {
    return { kind: 'notify', expr: e, call: parent };
  }
  if (isTelemetryArgument(e)) return { kind: 'telemetry', expr: e, tool };
  return undefined;
}

function calleeName(call: N): string | undefined {
  const callee = call.callee as N;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed) return callee.property.name;
  return undefined;
}

/** `logger.info('x', sid)`, `` console.log(`s=${sid}`) ``, `span.setAttribute('k', sid)`, `{ session: sid }` in such a call. */
function isTelemetryArgument(e: P): boolean {
  let p: P = e;
  for (let depth = 0; depth < 4 && p.parent; depth++) {
    const parent = p.parent.node as N;
    if (parent.type === 'CallExpression' && parent.arguments.includes(p.node)) {
      const callee = parent.callee as N;
      if (callee.type !== 'MemberExpression' || callee.computed) return false;
      const obj = callee.object as N;
      const objName = obj.type === 'Identifier' ? obj.name : obj.type === 'MemberExpression' && !obj.computed ? obj.property.name : '';
      return TELEMETRY_CALLEE.test(objName) || (TELEMETRY_METHOD.test(callee.property.name) && /log|metric|span|telemetry|limit/i.test(objName));
    }
    if (!['TemplateLiteral', 'ObjectProperty', 'Property', 'ObjectExpression'].includes(parent.type)) return false;
    if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.value !== p.node) return false;
    p = p.parent;
  }
  return false;
}

// ---------------------------------------------------------------- planning one store

interface StorePlan {
  names: StateNames;
  store: string;
  uses: Array<Extract<Use, { kind: 'store' }>>;
  tools: Tool[];
  init: string;
  lazy: P[];
  cleanups: Cleanup[];
  declaration?: P;
  inMemory: boolean;
}

type PlanResult = { ok: true; plan: Omit<StorePlan, 'cleanups'> } | { ok: false; why: string; category: string };

function planStore(c: Ctx, store: string, uses: Use[], allTools: Tool[], inits: string[]): PlanResult {
  const storeUses = uses as Array<Extract<Use, { kind: 'store' }>>;
  const names = stateNames(store);
  if (AUTH_STORE.test(store)) {
    return { ...fail(`\`${store}\` keys an auth artifact by the session id; sessions are gone in 2026-07-28 (SEP-2567): bind PKCE verifiers to a server-generated nonce in the OAuth \`state\` parameter, and pin users by the token subject`), category: 'session-auth-artifact' };
  }
  if (GATEWAY_STORE.test(store)) {
    return { ...fail(`\`${store}\` routes by the session id (sticky routing); 2026-07-28 requests carry no session (SEP-2567), so any instance may receive any request: this needs a designed replacement (a shared store, or routing on an explicit handle)`), category: 'gateway-sticky-routing' };
  }
  const tools = [...new Set(storeUses.map((u) => u.tool))];
  for (const t of tools) {
    const why = toolProblem(c, t, names);
    if (why) return { ...fail(why), category: 'session-keyed-state' };
  }
  // Where entries were created: `if (!store.has(k)) store.set(k, INIT)` in handlers, or the session start.
  const lazy: P[] = [];
  const initTexts = [...inits];
  for (const u of storeUses) {
    const stmt = lazyInit(c, u, store);
    if (stmt) {
      if (!lazy.includes(stmt)) lazy.push(stmt);
      initTexts.push(c.j(stmt.node.consequent.type === 'BlockStatement' ? stmt.node.consequent.body[0].expression.arguments[1] : stmt.node.consequent.expression.arguments[1]).toSource());
    }
  }
  const distinct = [...new Set(initTexts)];
  if (distinct.length !== 1) {
    return {
      ...fail(distinct.length
        ? `\`${store}\` entries are created with different initial values (${distinct.join(', ')}); write the ${names.open} tool by hand (sessions are gone in 2026-07-28, SEP-2567)`
        : `\`${store}\` is keyed by the session id but mcp-migrate sees no place that creates its entries (no lazy \`if (!${store}.has(id)) ${store}.set(id, …)\`, no onsessioninitialized); add an ${names.open} tool that mints a handle by hand (sessions are gone in 2026-07-28, SEP-2567)`),
      category: 'session-keyed-state',
    };
  }
  const declaration = moduleDeclaration(c, store);
  const declarator = declaration && c.j(declaration).find(c.j.VariableDeclarator, { id: { name: store } }).get()?.node;
  const inMemory = declarator?.init?.type === 'NewExpression' && ['Map', 'Set'].includes(declarator.init.callee?.name);
  return { ok: true, plan: { names, store, uses: storeUses, tools, init: distinct[0], lazy, declaration, inMemory } };
}

/** Why a tool cannot take a handle argument, or undefined when it can. */
function toolProblem(c: Ctx, t: Tool, names: StateNames): string | undefined {
  if (!t.ctxName) return `tool "${t.name}": handler context parameter is not a plain identifier; add the ${names.param} argument by hand`;
  if (!t.shape && !t.config && t.kind === 'registerTool') return `tool "${t.name}": input schema is not an object literal or z.object({...}); add ${names.param} by hand`;
  const first = t.handler.params[0] as N | undefined;
  const hasArgs = !!t.shape || (t.kind === 'registerTool' && !!t.config && hasProp(t.config, 'inputSchema'));
  if (hasArgs && first && first.type !== 'ObjectPattern' && first.type !== 'Identifier') return `tool "${t.name}": argument pattern not understood`;
  if (hasArgs && first?.type === 'ObjectPattern' && first.properties.some((p: N) => p.type === 'RestElement')) return `tool "${t.name}": rest pattern in arguments; add ${names.param} by hand`;
  if (t.shape && hasProp(t.shape, names.param)) return `tool "${t.name}" already has a \`${names.param}\` argument`;
  if (t.handler.body.type !== 'BlockStatement') return `tool "${t.name}": expression-bodied handler; add the ${names.param} argument by hand`;
  if (references(c, t.handler, names.keyLocal).length || references(c, t.handler, names.param).length) return `tool "${t.name}": \`${names.keyLocal}\` or \`${names.param}\` is already used in the handler`;
  return undefined;
}

function hasProp(obj: N, name: string): boolean {
  return obj.properties.some((p: N) => (p.key?.name ?? p.key?.value) === name);
}

/** `if (!S.has(K)) S.set(K, INIT)` around a store use, with INIT movable into open_<state>. */
function lazyInit(c: Ctx, u: Extract<Use, { kind: 'store' }>, store: string): P | undefined {
  const call = u.expr.parent as P;
  if (calleeName(call.node) !== 'has') return undefined;
  const not = call.parent as P;
  if (not.node.type !== 'UnaryExpression' || not.node.operator !== '!') return undefined;
  const stmt = not.parent as P;
  if (stmt.node.type !== 'IfStatement' || stmt.node.test !== not.node || stmt.node.alternate) return undefined;
  let cons = stmt.node.consequent as N;
  if (cons.type === 'BlockStatement') {
    if (cons.body.length !== 1) return undefined;
    cons = cons.body[0];
  }
  if (cons.type !== 'ExpressionStatement' || cons.expression.type !== 'CallExpression') return undefined;
  const set = cons.expression as N;
  if (calleeName(set) !== 'set' || set.callee.object?.name !== store || set.arguments.length !== 2) return undefined;
  if (c.j(set.arguments[0]).toSource() !== c.j(u.expr.node).toSource()) return undefined;
  if (!isMovableInit(set.arguments[1])) return undefined;
  return stmt;
}

function isMovableInit(n: N): boolean {
  if (n.type === 'NewExpression') return n.callee.type === 'Identifier' && ['Map', 'Set', 'Array'].includes(n.callee.name) && n.arguments.length === 0;
  if (n.type === 'ArrayExpression') return n.elements.every((e: N | null) => e && isMovableInit(e));
  if (n.type === 'ObjectExpression') return n.properties.every((p: N) => (p.type === 'ObjectProperty' || p.type === 'Property') && !p.computed && isMovableInit(p.value));
  if (n.type === 'TemplateLiteral') return n.expressions.length === 0;
  if (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression') return isMovableInit(n.expression);
  return LITERAL_INIT.has(n.type) || (n.type === 'UnaryExpression' && n.argument.type === 'NumericLiteral');
}

function moduleDeclaration(c: Ctx, name: string): P | undefined {
  let found: P | undefined;
  c.root.find(c.j.VariableDeclaration).forEach((p: P) => {
    const parentType = (p.parent.node as N).type;
    const top = parentType === 'Program' || (parentType === 'ExportNamedDeclaration' && p.parent.parent.node.type === 'Program');
    if (top && p.node.declarations.some((d: N) => d.id.type === 'Identifier' && d.id.name === name)) found = parentType === 'Program' ? p : p.parent;
  });
  return found;
}

// ---------------------------------------------------------------- rewriting one store

function applyStore(c: Ctx, plan: StorePlan) {
  const n = plan.names;
  const src = c.source;
  const z = ensureZ(c);
  for (const t of plan.tools) addHandleArgument(c, t, n, z);

  // Store keys: an alias (`const sid = extra.sessionId!`) becomes the key local, renamed; inline reads use it.
  const keyDecl = new Map<Tool, N>();
  const inLazy = (node: N) => plan.lazy.some((s) => at(s.node) <= at(node) && end(node) <= end(s.node));
  for (const u of plan.uses) {
    const t = u.tool;
    const alias = ((t as any).aliases ?? []).find((a: P) => u.expr.node.type === 'Identifier' && u.expr.node.name === a.node.id.name);
    if (alias) {
      if (!keyDecl.has(t)) {
        keyDecl.set(t, alias.parent.node);
        edit(c, at(alias.node.id), end(alias.node.id), n.keyLocal);
        edit(c, at(alias.node.init), end(alias.node.init), keyCall(c, t, n));
        for (const r of references(c, t.handler, alias.node.id.name)) {
          if (!plan.uses.some((v) => v.expr.node === r.node) || inLazy(r.node)) continue;
          edit(c, at(r.node), end(r.node), n.keyLocal);
        }
      }
      continue;
    }
    if (!inLazy(u.expr.node)) edit(c, at(u.expr.node), end(u.expr.node), n.keyLocal);
  }

  for (const t of plan.tools) {
    const body = t.handler.body.body as N[];
    const guard = `if (!${n.store}.has(${n.keyLocal})) return ${n.unknownFn}(${handleRef(t, n)});`;
    const lazyHere = plan.lazy.map((s) => s.node).find((s) => body.includes(s));
    const decl = keyDecl.get(t);
    const anchor = decl ?? body[0];
    const next = decl ? body[body.indexOf(decl) + 1] : body[0];
    const indent = anchor ? indentOf(src, at(anchor)) : indentOf(src, at(t.handler.body)) + c.style.unit;
    const lines = [...(decl ? [] : [`const ${n.keyLocal} = ${keyCall(c, t, n)};`]), guard];
    if (lazyHere && lazyHere === next) {
      // The lazy creation sits where the guard goes: replace it in place.
      const decls = lines.slice(0, -1).map((l) => `${l}${c.style.eol}${indent}`).join('');
      edit(c, at(lazyHere), end(lazyHere), decls + styled(guard, c.style, indent));
    } else {
      if (lazyHere) c.edits.push(removeLines(src, at(lazyHere), end(lazyHere)));
      const text = lines.map((l) => indent + styled(l, c.style, indent) + c.style.eol).join('');
      if (decl) edit(c, lineEndOf(src, end(decl)), lineEndOf(src, end(decl)), text);
      else if (next) edit(c, lineStartOf(src, at(next)), lineStartOf(src, at(next)), text);
      else edit(c, at(t.handler.body) + 1, at(t.handler.body) + 1, c.style.eol + text);
    }
    fixed(c, t.path, 'session-keyed-state', `tool "${t.name}": ${n.store} is now keyed by the ${n.param} argument (from ${n.open}) instead of the session id, which is gone in 2026-07-28 (SEP-2567)`);
  }

  // open_<state> goes before the first tool that uses the store, close_<state> after the last.
  const first = statementIn(plan.tools[0].path).node as N;
  const last = statementIn(plan.tools[plan.tools.length - 1].path).node as N;
  const endedBy = [...new Set(plan.uses.filter((u) => calleeName(u.expr.parent.node) === 'delete').map((u) => u.tool.name))];
  const closes = plan.cleanups.some((x) => !x.start);
  if (closes) endedBy.push(n.close);
  const firstIndent = indentOf(src, at(first));
  const open = openToolSource({
    names: n, server: plan.tools[0].server, flavor: c.flavor, init: plan.init, users: plan.tools.map((t) => t.name), endedBy,
  });
  // Follow the file: a blank line between the new tools and the old ones only where statements are spaced so.
  const before = src.slice(lineStartOf(src, lineStartOf(src, at(first)) - 1), lineStartOf(src, at(first)));
  const gap = before.trim() === '' ? c.style.eol : '';
  edit(c, lineStartOf(src, at(first)), lineStartOf(src, at(first)), firstIndent + styled(open, c.style, firstIndent) + c.style.eol + gap);
  for (const cleanup of plan.cleanups) removeCallbackStatement(c, cleanup);
  if (closes) {
    const close = closeToolSource(n, plan.tools[0].server, c.flavor, z);
    const lastIndent = indentOf(src, at(last));
    edit(c, end(last), end(last), c.style.eol + gap + lastIndent + styled(close, c.style, lastIndent));
  }

  // Helpers after the store's declaration (or after the imports when it is imported).
  const anchor = (plan.declaration?.node ?? lastImport(c)) as N;
  edit(c, end(anchor), end(anchor), c.style.eol + c.style.eol + styled(helperSource(n, c.ts), c.style, ''));
  ensureImport(c, 'randomBytes', cryptoModule(c), false);
  if (c.ts) ensureImport(c, 'AuthInfo', c.flavor === 'v1' ? '@modelcontextprotocol/sdk/server/auth/types.js' : '@modelcontextprotocol/server', true);

  report(c.report, {
    rule, category: 'session-keyed-state', severity: 'info', resolution: 'manual', node: plan.declaration ?? first,
    message: `${plan.store}: ${plan.inMemory ? 'this in-memory store is instance-local: behind a load balancer every instance needs the same store (Redis, a database), since any request may land anywhere in 2026-07-28. ' : ''}Entries now live until ${endedBy.length ? endedBy.join(' or ') : 'the process ends'}; add idle expiry (a TTL) since session close no longer cleans up.`,
  });
  if (plan.lazy.length) {
    fixed(c, plan.lazy[0], 'session-keyed-state', `${n.open} now creates ${plan.store} entries (were created lazily per session); unknown handles get a tool error naming ${n.open}`);
  }
}

function keyCall(c: Ctx, t: Tool, n: StateNames): string {
  return `${n.keyFn}(${handleRef(t, n)}, ${authInfoOf(c.flavor, t.ctxName!)})`;
}

function handleRef(t: Tool, n: StateNames): string {
  const first = t.handler.params[0] as N;
  const hadArgs = !!t.shape || (t.kind === 'registerTool' && !t.config);
  return hadArgs && first?.type === 'Identifier' ? `${first.name}.${n.param}` : n.param;
}

/** Appends `text` as a new last element of an object literal / pattern, keeping its layout. */
function appendMember(c: Ctx, obj: N, text: string) {
  const props = (obj.properties ?? []) as N[];
  if (!props.length) {
    edit(c, at(obj), end(obj), `{ ${text} }`);
    return;
  }
  const lastProp = props[props.length - 1];
  const multiline = c.source.slice(at(obj), end(obj)).includes('\n');
  edit(c, end(lastProp), end(lastProp), multiline ? `,${c.style.eol}${indentOf(c.source, at(lastProp))}${text}` : `, ${text}`);
}

/** Input schema gets `<state>_id`; the handler's argument pattern gets it too. */
function addHandleArgument(c: Ctx, t: Tool, n: StateNames, z: string) {
  const member = `${n.param}: ${paramSchema(n, z)}`;
  const schema = c.style.double ? member.replace(/'/g, '"') : member;
  const hadArgs = !!t.shape || (t.kind === 'registerTool' && !t.config);
  if (t.shape) appendMember(c, t.shape, schema);
  else if (t.kind === 'registerTool') appendMember(c, t.config!, `inputSchema: { ${schema} }`);
  else edit(c, at(t.handler), at(t.handler), `{ ${schema} }, `);
  const first = t.handler.params[0] as N;
  if (!hadArgs) {
    const pattern = `{ ${n.param} }`;
    if (first && c.source[at(first) - 1] !== '(') throw new Error('handler without parentheses around its parameter');
    edit(c, at(first), at(first), `${pattern}, `);
  } else if (first.type === 'ObjectPattern') {
    appendMember(c, first, n.param);
  }
}

function lastImport(c: Ctx): N {
  const imports = c.root.find(c.j.ImportDeclaration);
  return imports.at(imports.size() - 1).get().node;
}

function ensureZ(c: Ctx): string {
  const local = importedLocalName(c.j, c.root, /^zod(\/v[34])?$/, 'z');
  if (local) return local;
  let ns: string | undefined;
  c.root.find(c.j.ImportDeclaration).forEach((p: P) => {
    if (!/^zod(\/v[34])?$/.test(String(p.node.source.value))) return;
    for (const s of p.node.specifiers ?? []) if (s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier') ns = s.local.name;
  });
  if (ns) return ns;
  ensureImport(c, 'z', 'zod', false);
  return 'z';
}

function cryptoModule(c: Ctx): string {
  const has = c.root.find(c.j.ImportDeclaration).filter((p: P) => /^(node:)?crypto$/.test(String(p.node.source.value)));
  return has.size() ? String(has.get().node.source.value) : 'node:crypto';
}

/** `import { name } from 'module'` (or `import type`), added once, after the last import. */
function ensureImport(c: Ctx, name: string, module: string, typeOnly: boolean) {
  const decls = c.root.find(c.j.ImportDeclaration, { source: { value: module } });
  let present = false;
  decls.forEach((p: P) => { if ((p.node.specifiers ?? []).some((s: N) => s.imported?.name === name)) present = true; });
  if (present || (c as any).added?.includes(`${module}#${name}`)) return;
  (c as any).added = [...((c as any).added ?? []), `${module}#${name}`];
  const named = decls.filter((p: P) => p.node.importKind !== 'type' && (p.node.specifiers ?? []).some((s: N) => s.type === 'ImportSpecifier'));
  if (!typeOnly && named.size()) {
    const specs = named.get().node.specifiers as N[];
    edit(c, end(specs[specs.length - 1]), end(specs[specs.length - 1]), `, ${name}`);
    return;
  }
  const q = c.style.double ? '"' : "'";
  const anchor = lastImport(c);
  edit(c, end(anchor), end(anchor), `${c.style.eol}import ${typeOnly ? 'type ' : ''}{ ${name} } from ${q}${module}${q};`);
}

// ---------------------------------------------------------------- session start / close callbacks

/** A function passed as onsessioninitialized / onsessionclosed, or assigned to `x.onclose`. */
interface Callback {
  fn: N;
  /** What goes when the callback is left empty: the option property, or the assignment statement. */
  holder: { obj: N; prop: N } | { stmt: N } | undefined;
}

function transportCallbacks(c: Ctx): Callback[] {
  const { j, root } = c;
  const out: Callback[] = [];
  const isFn = (n: N) => n && (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression');
  root.find(j.ObjectProperty).forEach((p: P) => {
    const key = p.node.key?.name ?? p.node.key?.value;
    if ((key === 'onsessioninitialized' || key === 'onsessionclosed') && isFn(p.node.value)) out.push({ fn: p.node.value, holder: { obj: p.parent.node, prop: p.node } });
  });
  root.find(j.ObjectMethod).forEach((p: P) => {
    if (p.node.key?.name === 'onsessioninitialized' || p.node.key?.name === 'onsessionclosed') out.push({ fn: p.node, holder: { obj: p.parent.node, prop: p.node } });
  });
  root.find(j.AssignmentExpression).forEach((p: P) => {
    const l = p.node.left as N;
    if (l.type === 'MemberExpression' && !l.computed && l.property.name === 'onclose' && isFn(p.node.right)) {
      out.push({ fn: p.node.right, holder: p.parent.node.type === 'ExpressionStatement' ? { stmt: p.parent.node } : undefined });
    }
  });
  return out;
}

/** `store.set(id, INIT)` in onsessioninitialized; `store.delete(id)` in onsessionclosed / onclose. */
function creationAndCleanup(c: Ctx, callbacks: Callback[], stores: string[]) {
  const inits = new Map<string, string[]>();
  const cleanups = new Map<string, Cleanup[]>();
  for (const cb of callbacks) {
    const fn = cb.fn;
    c.j(fn).find(c.j.CallExpression).forEach((p: P) => {
      const callee = p.node.callee as N;
      if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || !stores.includes(callee.object.name)) return;
      if (enclosingFunction(p) && enclosingFunction(p)!.node !== fn) return;
      const store = callee.object.name as string;
      const key = p.node.arguments[0] as N;
      const isSessionKey = key && ((key.type === 'Identifier' && fn.params[0]?.name === key.name) || /\.sessionId!?$/.test(c.j(key).toSource()));
      if (!isSessionKey || p.parent.node.type !== 'ExpressionStatement') return;
      if (callee.property.name === 'set' && p.node.arguments.length === 2 && isMovableInit(p.node.arguments[1])) {
        inits.set(store, [...(inits.get(store) ?? []), c.j(p.node.arguments[1]).toSource()]);
        cleanups.set(`init:${store}`, [...(cleanups.get(`init:${store}`) ?? []), { stmt: p.parent.node, cb, start: true }]);
      } else if (callee.property.name === 'delete') {
        cleanups.set(store, [...(cleanups.get(store) ?? []), { stmt: p.parent.node, cb, start: false }]);
      }
    });
  }
  // Session-start creation statements are removed with the cleanups (open_<state> replaces them).
  for (const store of stores) {
    const starts = cleanups.get(`init:${store}`);
    if (starts) cleanups.set(store, [...(cleanups.get(store) ?? []), ...starts]);
    cleanups.delete(`init:${store}`);
  }
  return { inits, cleanups };
}

interface Cleanup { stmt: N; cb: Callback; start: boolean }

/** Drops a store statement from a transport callback; a callback left empty goes with it. */
function removeCallbackStatement(c: Ctx, cleanup: Cleanup) {
  const { stmt, cb } = cleanup;
  const body = cb.fn.body as N;
  const holder = cb.holder;
  if (body.type !== 'BlockStatement' || body.body.length > 1 || !holder) {
    c.edits.push(removeLines(c.source, at(stmt), end(stmt)));
  } else if ('prop' in holder) removeMember(c, holder.obj, holder.prop);
  else c.edits.push(removeLines(c.source, at(holder.stmt), end(holder.stmt)));
}

/** Removes one property of an object literal with its separator (whole lines when it had its own). */
function removeMember(c: Ctx, obj: N, prop: N) {
  const props = obj.properties as N[];
  const i = props.indexOf(prop);
  const src = c.source;
  const ownLine = src.slice(lineStartOf(src, at(prop)), at(prop)).trim() === '' && /^\s*,?\s*(\/\/.*)?\r?\n/.test(src.slice(end(prop)));
  if (ownLine) {
    c.edits.push(removeLines(src, at(prop), end(prop) + (/^\s*,/.test(src.slice(end(prop))) ? src.slice(end(prop)).indexOf(',') + 1 : 0)));
  } else if (i < props.length - 1) edit(c, at(prop), at(props[i + 1]), '');
  else if (i > 0) edit(c, end(props[i - 1]), end(prop), '');
  else edit(c, at(prop), end(prop), '');
}

// ---------------------------------------------------------------- finding tools

function findTools(c: Ctx): Tool[] {
  const { j, root } = c;
  const tools: Tool[] = [];
  root.find(j.CallExpression).forEach((path: P) => {
    const call = path.node as N;
    const callee = call.callee as N;
    if (callee.type !== 'MemberExpression' || callee.computed) return;
    const kind = callee.property.name;
    if (kind !== 'tool' && kind !== 'registerTool') return;
    const args = call.arguments as N[];
    const handler = args[args.length - 1];
    if (!handler || (handler.type !== 'ArrowFunctionExpression' && handler.type !== 'FunctionExpression')) return;
    const nameNode = args[0];
    const name = nameNode?.type === 'StringLiteral' || nameNode?.type === 'Literal' ? String(nameNode.value) : '?';
    const server = j(callee.object).toSource();
    const tool: Tool = { call, path, name, server, kind, handler };
    if (kind === 'registerTool') {
      const config = args[1];
      if (config?.type === 'ObjectExpression') {
        const schema = config.properties.find((p: N) => (p.key?.name ?? p.key?.value) === 'inputSchema');
        if (!schema) tool.config = config;
        else if (schema.value.type === 'ObjectExpression') tool.shape = schema.value;
        else if (schema.value.type === 'CallExpression' && calleeName(schema.value) === 'object' && schema.value.arguments[0]?.type === 'ObjectExpression') tool.shape = schema.value.arguments[0];
      }
    } else {
      // tool(name, [description], [shape], [annotations], cb): the shape is the object whose values are zod calls.
      tool.shape = args.slice(1, -1).find((a) => a.type === 'ObjectExpression' && a.properties.length > 0 &&
        a.properties.every((p: N) => p.value && (p.value.type === 'CallExpression' || p.value.type === 'MemberExpression')));
      if (!tool.shape && args.slice(1, -1).some((a) => a.type !== 'StringLiteral' && a.type !== 'Literal' && a.type !== 'ObjectExpression')) return;
    }
    const hasArgs = !!tool.shape || (kind === 'registerTool' && !tool.config);
    const ctxParam = handler.params[hasArgs ? 1 : 0] as N | undefined;
    if (ctxParam?.type === 'Identifier') tool.ctxName = ctxParam.name;
    tools.push(tool);
  });
  return tools;
}

function lowLevelHandler(fn: P): boolean {
  const parent = fn.parent?.node as N;
  return parent?.type === 'CallExpression' && /^set(Request|Notification)Handler$/.test(calleeName(parent) ?? '');
}

function isRegisteredHandler(fn: P, toolHandlers: Set<N>): boolean {
  const parent = fn.parent?.node as N;
  return parent?.type === 'CallExpression' && /^(register)?(resource|prompt|Resource|Prompt)$/.test(calleeName(parent) ?? '') && !toolHandlers.has(fn.node);
}

function isTransportSessionRead(read: P): boolean {
  const obj = read.node.object as N;
  const name = obj.type === 'Identifier' ? obj.name : obj.type === 'MemberExpression' && !obj.computed ? obj.property.name : '';
  return /transport/i.test(name);
}

// ---------------------------------------------------------------- stdio module state

/** stdio servers keep one process per client, so module state works there and not over HTTP. */
function stdioState(c: Ctx) {
  const { j, root } = c;
  const src = c.report.file.source;
  if (!/StdioServerTransport|serveStdio/.test(src) || /StreamableHTTPServerTransport|createMcpHandler/.test(src)) return;
  root.find(j.VariableDeclaration).forEach((p: P) => {
    if ((p.parent.node as N).type !== 'Program') return;
    for (const d of p.node.declarations as N[]) {
      if (d.id.type !== 'Identifier') continue;
      const mutable = p.node.kind === 'let' ||
        (d.init?.type === 'NewExpression' && ['Map', 'Set'].includes(d.init.callee?.name)) || d.init?.type === 'ArrayExpression';
      if (!mutable) continue;
      const mutated = root.find(j.Identifier, { name: d.id.name }).filter((r: P) => {
        if (r.node === d.id || !enclosingFunction(r)) return false;
        const parent = r.parent.node as N;
        if (parent.type === 'AssignmentExpression' && parent.left === r.node) return true;
        if (parent.type === 'UpdateExpression') return true;
        return parent.type === 'MemberExpression' && parent.object === r.node && r.parent.parent.node.type === 'CallExpression' &&
          /^(set|add|push|delete|clear|splice|pop|shift|unshift)$/.test(parent.property?.name);
      });
      if (!mutated.size()) continue;
      report(c.report, {
        rule, category: 'stdio-process-state', severity: 'info', resolution: 'manual', node: p,
        message: `\`${d.id.name}\` is module-level state changed by handlers: fine on stdio (one process per client), but shared by every caller once served over HTTP; give it a handle (open_*) before serving this server over HTTP`,
      });
    }
  });
}

// ---------------------------------------------------------------- clients and headers

function clientSide(c: Ctx): boolean {
  const { j, root } = c;
  let changed = false;
  const transportClass = importedLocalName(j, root, /^@modelcontextprotocol\/(sdk\/client\/streamableHttp(\.js)?|client)$/, 'StreamableHTTPClientTransport');
  if (transportClass) {
    root.find(j.NewExpression, { callee: { name: transportClass } }).forEach((p: P) => {
      const opts = p.node.arguments[1] as N | undefined;
      if (opts?.type !== 'ObjectExpression') return;
      const prop = opts.properties.find((q: N) => (q.key?.name ?? q.key?.value) === 'sessionId');
      if (!prop || isIgnored(p, rule)) return;
      if (opts.properties.length === 1) edit(c, end(p.node.arguments[0]), end(opts), '');
      else removeMember(c, opts, prop);
      changed = true;
      fixed(c, prop, 'client-session-handling', 'the sessionId transport option is gone: 2026-07-28 servers keep no session to resume (SEP-2567)');
    });
  }
  const isClient = !!transportClass || /@modelcontextprotocol\/(sdk\/)?client/.test(c.report.file.source);
  root.find(j.CallExpression, { callee: { property: { name: 'terminateSession' } } }).forEach((p: P) => {
    if (isIgnored(p, rule)) return;
    let stmt = p.parent as P;
    if (stmt.node.type === 'AwaitExpression') stmt = stmt.parent;
    if (stmt.node.type === 'ExpressionStatement' && Array.isArray(stmt.parent.node.body)) {
      c.edits.push(removeLines(c.source, at(stmt.node), end(stmt.node)));
      changed = true;
      fixed(c, p, 'client-session-handling', 'terminateSession() removed: there is no session to terminate in 2026-07-28 (SEP-2567); close() still ends the connection');
    } else {
      changed = mark(j, c.report, p, { rule, category: 'client-session-handling', message: 'terminateSession() has nothing to terminate in 2026-07-28 (SEP-2567); remove it and whatever depends on its result' }) || changed;
    }
  });
  if (isClient) {
    root.find(j.MemberExpression, { property: { name: 'sessionId' } }).forEach((p: P) => {
      if (!isTransportSessionRead(p) || isIgnored(p, rule) || enclosingFunctionIsTransportCallback(p)) return;
      changed = mark(j, c.report, p, { rule, category: 'client-session-handling', message: 'transport.sessionId is always undefined against 2026-07-28 servers (SEP-2567); drop the persisted id and any logic that resumes or keys on it' }) || changed;
    });
  }
  // Hand-set headers: `{ 'Mcp-Session-Id': x }`, `headers.set('mcp-session-id', x)`.
  root.find(j.ObjectExpression).forEach((p: P) => {
    for (const prop of [...p.node.properties] as N[]) {
      const key = prop.key?.value ?? (prop.computed ? undefined : prop.key?.name);
      if (typeof key !== 'string' || key.toLowerCase() !== 'mcp-session-id') continue;
      if (isIgnored(p, rule)) continue;
      if (readsSessionHeader(c, prop.value)) continue; // a gateway forwarding it: headerReads() marks the read
      removeMember(c, p.node, prop);
      changed = true;
      fixed(c, prop, 'client-session-handling', 'Mcp-Session-Id header removed: 2026-07-28 has no session header (SEP-2567)');
    }
  });
  root.find(j.CallExpression).forEach((p: P) => {
    const name = calleeName(p.node);
    const arg = p.node.arguments[0] as N | undefined;
    if (!arg || !isSessionHeaderLiteral(arg) || isIgnored(p, rule)) return;
    if ((name === 'set' || name === 'append') && p.parent.node.type === 'ExpressionStatement' && !readsSessionHeader(c, p.node.arguments[1])) {
      c.edits.push(removeLines(c.source, at(p.parent.node), end(p.parent.node)));
      changed = true;
      fixed(c, p, 'client-session-handling', 'Mcp-Session-Id header no longer sent: 2026-07-28 has no session header (SEP-2567)');
    }
  });
  return changed;
}

function enclosingFunctionIsTransportCallback(p: P): boolean {
  const fn = enclosingFunction(p);
  const holder = fn?.parent?.node as N | undefined;
  return !!holder && holder.type === 'ObjectProperty' && /^onsession/.test(holder.key?.name ?? '');
}

function isSessionHeaderLiteral(n: N): boolean {
  return (n.type === 'StringLiteral' || n.type === 'Literal') && typeof n.value === 'string' && n.value.toLowerCase() === 'mcp-session-id';
}

function readsSessionHeader(c: Ctx, n: N | undefined): boolean {
  if (!n) return false;
  let found = false;
  c.j(n).find(c.j.Node).forEach((p: P) => { if (isSessionHeaderLiteral(p.node)) found = true; });
  return found || isSessionHeaderLiteral(n);
}

/**
 * Reads of the session header outside transport routing: a client persisting it from a response,
 * or a gateway routing on it. Transport-map routing (`transports[sid]`) is stateless-transport's.
 */
function headerReads(c: Ctx): boolean {
  const { j, root } = c;
  let changed = false;
  root.find(j.Node).forEach((p: P) => {
    if (!isSessionHeaderLiteral(p.node)) return;
    const parent = p.parent.node as N;
    const read = (parent.type === 'MemberExpression' && parent.computed && parent.property === p.node) ||
      (parent.type === 'CallExpression' && parent.arguments[0] === p.node && calleeName(parent) === 'get');
    if (!read || isIgnored(p, rule)) return;
    const fn = enclosingFunction(p);
    const scope = fn ? j(fn.node).toSource() : c.report.file.source;
    if (/transports?\b|transports?\[|transportsBy/i.test(scope) && !GATEWAY_STORE.test(scope)) return;
    // `req.headers[...]` is an incoming request (a server or gateway); `res.headers.get(...)` a client reading a reply.
    const holder = parent.type === 'MemberExpression' ? parent.object : parent.callee.object;
    const owner = holder?.type === 'MemberExpression' ? holder.object : undefined;
    const incoming = owner?.type === 'Identifier' && /^(req|request|incoming|ctx)$/i.test(owner.name);
    const gateway = incoming && (GATEWAY_STORE.test(scope) || /\bfetch\(|proxy/i.test(scope));
    changed = mark(j, c.report, p, gateway
      ? { rule, category: 'gateway-sticky-routing', message: 'routes on the Mcp-Session-Id header, which 2026-07-28 requests no longer carry (SEP-2567): any instance may receive any request; needs a designed replacement (shared state, or routing on an explicit handle argument)' }
      : { rule, category: 'client-session-handling', message: 'the Mcp-Session-Id header is gone in 2026-07-28 (SEP-2567): this value is always missing; remove the logic that keys or resumes on it' }) || changed;
  });
  return changed;
}

// ---------------------------------------------------------------- small AST helpers

function enclosingFunction(p: P): P | undefined {
  let q: P | null = p.parent;
  while (q) {
    if (/Function|ObjectMethod|ClassMethod/.test(q.node.type)) return q;
    q = q.parent;
  }
  return undefined;
}

function contains(outer: N | P, inner: N): boolean {
  const node = (outer as P).node ?? outer;
  if (node === inner) return true;
  let hit = false;
  (function walk(n: any) {
    if (hit || !n || typeof n !== 'object') return;
    if (n === inner) { hit = true; return; }
    for (const k of Object.keys(n)) {
      if (k === 'loc' || k === 'comments' || k === 'tokens' || k === 'original') continue;
      const v = n[k];
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v.type === 'string') walk(v);
    }
  })(node);
  return hit;
}

/** Climb through `x!`, `x as string`, `(x)` to the expression that carries the value. */
function unwrapUp(p: P): P {
  let q = p;
  for (;;) {
    const parent = q.parent?.node as N | undefined;
    if (!parent) return q;
    const wrapper = ['TSNonNullExpression', 'TSAsExpression', 'ParenthesizedExpression'].includes(parent.type) ||
      // `extra.sessionId ?? 'anonymous'`: a default is still the session id for our purposes.
      (parent.type === 'LogicalExpression' && ['??', '||'].includes(parent.operator) && parent.left === q.node && LITERAL_INIT.has(parent.right.type));
    if (!wrapper) return q;
    q = q.parent;
  }
}

/** Identifier references to `name` inside `fn` (not declarations, not property keys). */
function references(c: Ctx, fn: N, name: string): P[] {
  return c.j(fn).find(c.j.Identifier, { name }).filter((p: P) => {
    const parent = p.parent.node as N;
    if (parent.type === 'VariableDeclarator' && parent.id === p.node) return false;
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return false;
    if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.key === p.node && !parent.computed && !parent.shorthand) return false;
    return true;
  }).paths();
}

function renameIn(c: Ctx, fn: N, from: string, to: string) {
  for (const r of references(c, fn, from)) r.node.name = to;
  c.j(fn).find(c.j.VariableDeclarator, { id: { name: from } }).forEach((p: P) => { p.node.id.name = to; });
}

function statementIn(p: P): P {
  let q = p;
  while (q.parent && !Array.isArray(q.parent.node.body)) q = q.parent;
  return q;
}
