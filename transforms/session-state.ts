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
 * - clients keep their session handling (2025-era servers still issue sessions): a v2
 *   `new Client(...)` gains `versionNegotiation: { mode: 'auto' }`, a v1 client an info finding.
 * It refuses (marker + manual finding), never half-rewriting a file: gateways routing on the
 * session id, auth artifacts keyed by it, low-level `setRequestHandler` servers, reads it cannot
 * follow (aliases, resources, prompts, stores that are not plain identifiers, no creation site).
 * stdio servers with module-level mutable state get an info finding.
 *
 * A session id is read as `ctx.sessionId`, `ctx?.sessionId`, `ctx['sessionId']`, an alias
 * (`const sid = ctx.sessionId`), or destructured (`async (args, { sessionId }) =>`,
 * `const { sessionId } = ctx`); all are followed alike. No read is skipped silently: each one is
 * rewritten, marked, or skipped for a reason written beside the skip (a tool argument that is
 * merely called sessionId; transport routing that stateless-transport already marked).
 *
 * Runs after stateless-transport: transport maps and `sessionIdGenerator` are its business, so
 * anything inside a callback of the transport (`onsessioninitialized`, `onsessionclosed`,
 * `transport.onclose`) is read here only to find where a store's entries were created or
 * cleaned up.
 */
import type { API, ASTPath, Collection, FileInfo, JSCodeshift, Node, Options } from 'jscodeshift';
import './lib/catch-scope.ts';
import { sdkFlavor, ensureNamedImport, importedLocalName } from './lib/sdk.ts';
import { report } from './lib/report.ts';
import { mark, isIgnored, MARKER_PREFIX } from './lib/markers.ts';
import { cachedFind, type CachedFind } from './lib/query.ts';
import { keepsLegacyLeg } from './lib/session-modes.ts';
import { sessionKeyedStores, inTransportClass, keepsKeyedStore } from './lib/session-keyed-stores.ts';
import { IN_MCP_PACKAGE, inMcpPackage } from './lib/mcp-package.ts';
import { functionName } from './lib/function-name.ts';
import { SourceOffsets } from './lib/offsets.ts';
import {
  applyEdits, drainMarkers, indentAt, lineEnd, lineStart, removeLines, styleOf, styled,
  type TextEdit, type Style,
} from './lib/text-edit.ts';
import {
  stateNames, helperSource, openToolSource, closeToolSource, paramSchema, authInfoOf, principalOrRequestId,
  type Flavor, type StateNames,
} from './lib/state-handles.ts';

export const meta = {
  id: 'session-state',
  summary: 'Session-keyed state → explicit state handles; session-keyed telemetry → principal; v2 clients negotiate both eras',
  // An MCP import next to what this rule rewrites (session ids, client session calls, stdio
  // servers), or the session header spelled out in a hand-rolled client or gateway.
  triggers: [
    ['@modelcontextprotocol/', 'sessionId'],
    ['@modelcontextprotocol/', 'terminateSession'],
    ['@modelcontextprotocol/', 'StdioServerTransport'],
    ['@modelcontextprotocol/', 'serveStdio'],
    'mcp-session-id',
    'Mcp-Session-Id',
    'MCP-Session-Id',
    // A store keyed by a session id parameter or a framework context's session id, in a module
    // with no SDK import of its own (gateway registries, session store modules, FastMCP tools),
    // that says MCP or sits in an MCP package: sessionKeyedStoreMarkers().
    ...['.set(sessionId', '.get(sessionId', 'context.sessionId', 'context?.sessionId'].flatMap((use) => ['mcp', 'Mcp', 'MCP', IN_MCP_PACKAGE].map((word) => [use, word])),
  ],
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
  style: Style;
  /** Every rewrite is a text splice (see lib/text-edit.ts): the tree itself is never mutated. */
  edits: TextEdit[];
  /** An MCP client file: its `transport.sessionId` reads are clientSide()'s. */
  isClient: boolean;
  /** The source with comments blanked (codeOf()), made on first use. */
  code?: string;
  /** Whole-tree queries, each walked once (the tree is never mutated). */
  find: CachedFind;
  /** sessionReads(), made on first use. */
  reads?: P[];
  /** The file's session code is a deliberate 2025-era leg: an explicit stateful mode or behind an era check (lib/session-modes.ts). */
  statefulMode: boolean;
  /** Stores serverSide() classified from tool handlers' session reads (rewritten or marked there). */
  toolStores: Set<string>;
  /** A session read here was marked (serverSide(), headerReads(); this run or an earlier one): the file's session state is already said. */
  readsMarked: boolean;
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
  /** The handler's context parameter when it is destructured (`{ sessionId, authInfo }`). */
  ctxPattern?: N;
  /** The handler's arguments parameter name, when the tool has arguments and it is an identifier. */
  argsName?: string;
  /** That parameter is never read in the handler (`_args`). */
  argsUnused?: boolean;
  /** Locals holding the session id (`const sid = extra.sessionId`, `{ sessionId }`), one per tool at most. */
  bindings: Binding[];
  /** Context members the destructured context parameter gains (`authInfo`, `http`, ...), planned once. */
  ctxAdds?: string[];
  /** Where the input schema object literal lives (raw shape), if any. */
  shape?: N;
  /** registerTool config object, when the tool has none yet. */
  config?: N;
}

/**
 * A local that holds the session id inside a tool handler:
 * - alias: `const sid = extra.sessionId!` (top level of the handler body);
 * - destructure: `const { sessionId } = extra` (top level of the handler body);
 * - param: the context parameter itself is destructured, `async (args, { sessionId }) =>`.
 */
interface Binding {
  kind: 'alias' | 'destructure' | 'param';
  local: string;
  /** The declaration statement (alias, destructure). */
  stmt?: N;
  declarator?: N;
  /** The object pattern and its `sessionId` property (destructure, param). */
  pattern?: N;
  prop?: N;
}

/** One classified read of the session id inside a tool handler. */
type Use =
  | { kind: 'store'; store: string; expr: P; tool: Tool; binding?: Binding }
  | { kind: 'telemetry'; expr: P; tool: Tool; binding?: Binding }
  /** Every read of a destructured binding is telemetry: the binding itself becomes the principal. */
  | { kind: 'binding-telemetry'; expr: P; tool: Tool; binding: Binding }
  | { kind: 'notify'; expr: P; call: N };

const fail = (why: string) => ({ ok: false as const, why });

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const j = api.jscodeshift;
  const source = file.source;
  if (!/sessionId|mcp-session-id|terminateSession|StdioServerTransport|serveStdio/i.test(source)) return undefined;
  // Bare CR line breaks (`\r` not followed by `\n`): the parser counts them as lines, but every
  // line helper here (marker placement, line removal, indent) splits on `\n`, so edits would land
  // on the wrong lines. Leave such a file as it is (the engine refuses it with a reason).
  if (/\r(?!\n)/.test(source)) return undefined;
  const root = j(source);
  const flavor = sdkFlavor(j, root);
  const keyedStoresOnly = flavor === 'none' && !/mcp-session-id/i.test(source);
  if (keyedStoresOnly && !KEYED_STORE_HINT.test(source)) return undefined;
  offsets = new SourceOffsets(root.get().node, source);
  const c: Ctx = {
    j, root, report: { file, api, options }, flavor: flavor === 'v2' ? 'v2' : 'v1',
    ts: /\.[mc]?tsx?$/i.test(file.path), source, style: styleOf(source), edits: [],
    isClient: /@modelcontextprotocol\/(sdk\/)?client/.test(source), find: cachedFind(root),
    statefulMode: keepsLegacyLeg(j, root, file.path, source), toolStores: new Set(), readsMarked: false,
  };

  let changed = false;
  if (!keyedStoresOnly) changed = clientSide(c);
  if (!keyedStoresOnly) changed = headerReads(c) || changed;
  if (flavor !== 'none') changed = serverSide(c) || changed;
  if (flavor !== 'none') stdioState(c);
  changed = sessionKeyedStoreMarkers(c) || changed;
  if (!changed) return undefined;
  // Markers too go in as text splices: recast's reprint of an untouched tree is not byte-exact
  // everywhere (it parenthesizes `...a ?? b`), and nothing here needs it.
  return applyEdits(source, [...c.edits, ...drainMarkers(root.get().node, source, c.style, (n) => at(n as N))]);
}

// Offsets in the file's own text (CRLF and tab indents included): see ./lib/offsets.ts.
let offsets: SourceOffsets;
const at = (n: N) => offsets.of((n.loc ?? spanOfParts(n)).start);
const end = (n: N) => offsets.of((n.loc ?? spanOfParts(n)).end);

type Pos = { line: number; column: number };
const before = (a: Pos, b: Pos) => a.line < b.line || (a.line === b.line && a.column < b.column);

/**
 * recast leaves some nodes it parsed without a location (an exported function declaration
 * with a return type, seen on the trial): their span is that of their located parts.
 */
function spanOfParts(n: N): { start: Pos; end: Pos } {
  let start: Pos | undefined;
  let stop: Pos | undefined;
  for (const key of Object.keys(n)) {
    if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens') continue;
    for (const child of ([] as unknown[]).concat(n[key])) {
      if (!child || typeof child !== 'object' || typeof (child as N).type !== 'string') continue;
      const span = (child as N).loc ?? spanOfParts(child as N);
      if (!start || before(span.start, start)) start = span.start;
      if (!stop || before(stop, span.end)) stop = span.end;
    }
  }
  if (!start || !stop) throw new Error(`a ${n.type} without a location in the text`);
  return { start, end: stop };
}

function edit(c: Ctx, start: number, stop: number, text: string) {
  c.edits.push({ start, end: stop, text });
}

// ---------------------------------------------------------------- server: state and telemetry

function serverSide(c: Ctx): boolean {
  const { j } = c;
  const tools = findTools(c);
  const uses: Use[] = [];
  const refusals: Array<{ path: P; category: string; message: string }> = [];
  const refuse = (path: P, category: string, message: string) => refusals.push({ path, category, message });
  // Markers that do not stop the rest of the file from migrating: reads whose code no tool depends on.
  const notes: Array<{ path: P; category: string; message: string }> = [];
  const note = (path: P, category: string, message: string) => notes.push({ path, category, message });
  const toolHandlers = new Set(tools.map((t) => t.handler));
  const callbacks = transportCallbacks(c);

  // Every read of the session id in the file (`x.sessionId`, `x?.sessionId`, `x['sessionId']`, or a
  // `sessionId` destructured from an object), classified by where it is. Each one ends up rewritten,
  // marked, or skipped for a reason written next to the skip: never silently.
  for (const read of sessionReads(c)) {
    if (isIgnored(read, rule)) continue;
    const fn = enclosingFunction(read);
    // Transport callbacks: creationAndCleanup() decides, and callbackReads() marks what stays.
    if (callbacks.some((cb) => contains(cb.fn, read.node))) continue;
    const tool = fn && tools.find((t) => t.handler === fn.node);
    const pattern = read.node.type === 'ObjectProperty' || read.node.type === 'Property';
    if (!tool) {
      // Legacy HTTP+SSE plumbing (`transport.sessionId` of an SSEServerTransport, `/messages?sessionId=`)
      // is stateless-transport's: one SSE marker per route, nothing per statement here.
      if (isSsePlumbing(c, fn)) continue;
      // An explicit stateful mode is a 2025-era leg on purpose: its plumbing is not ours to mark.
      if (c.statefulMode) continue;
      if (fn && lowLevelHandler(fn)) {
        if (passedToUnusedParam(c, read)) continue;
        refuse(read, 'session-keyed-state', lowLevelMessage(c, fn, read));
      } else if (fn && isRegisteredHandler(fn, toolHandlers)) {
        refuse(read, 'session-keyed-state', 'this resource/prompt handler reads the session id, which is undefined in 2026-07-28 (SEP-2567); resources and prompts take no handle argument, so key this state by the auth principal or move it behind a tool');
      } else if (isTransportSessionRead(read)) {
        // Clients: clientSide() marks these. Servers: transport-map routing is stateless-transport's,
        // which runs first and rewrites or marks it; what reaches us unmarked gets a marker here.
        if (!c.isClient) transportRead(c, read, note);
      } else if (readsRequestContext(read)) {
        refuse(read, 'session-keyed-state', 'session id read here cannot be followed to its use; after 2026-07-28 (SEP-2567) it is undefined: pass an explicit handle or use the auth principal');
      }
      // Otherwise not a request's session: an object's own member (`this.sessionId` of a
      // transport or client class, `options.sessionId`), which 2026-07-28 does not empty.
      continue;
    }
    let r: { category: string; message: string } | undefined;
    if (pattern) {
      r = classifyBinding(c, tool, read, uses, note);
    } else {
      const obj = read.node.object as N;
      if (obj.type === 'Identifier' && obj.name === tool.argsName) continue; // a tool argument named sessionId, not the protocol session
      // Application data made in the handler without the context (`const sess = lookup(args.sessionId)`).
      if (obj.type === 'Identifier' && obj.name !== tool.ctxName && isLocalWithoutContext(c, tool, obj.name)) continue;
      r = obj.type === 'Identifier' && obj.name === tool.ctxName
        ? classify(c, tool, read, uses, note)
        : unfollowable(sourceOf(c, read.node)); // `transport.sessionId`, `other.sessionId` inside a tool
    }
    if (!r) continue;
    const handedTo = handedToStoreModule(c, read);
    if (handedTo) handedOff(c, read, handedTo);
    else refuse(read, r.category, r.message);
  }

  // Group store uses by store; check each store can be migrated.
  const stores = new Map<string, Use[]>();
  for (const u of uses) if (u.kind === 'store') stores.set(u.store, [...(stores.get(u.store) ?? []), u]);
  for (const store of stores.keys()) c.toolStores.add(store);
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
  for (const t of tools) {
    const why = ctxPatternProblem(c, t, uses);
    if (why) for (const u of uses) if ('tool' in u && u.tool === t) refuse(u.expr, 'session-keyed-state', why);
  }
  // What transport callbacks do with the session id and no migrated store removes.
  const removed = refusals.length ? [] : plans.flatMap((p) => p.cleanups.map((x) => x.stmt));
  callbackReads(c, callbacks, removed, note);

  let changed = false;
  c.readsMarked ||= notes.length > 0 || refusals.length > 0;
  for (const r of notes) changed = mark(j, c.report, r.path, { rule, category: r.category, message: r.message }) || changed;
  if (refusals.length) {
    // Never half a file: the reads we could rewrite stay as they are until a person decides, and
    // each says so (a read left unmarked would look migrated).
    for (const r of refusals) changed = mark(j, c.report, r.path, { rule, category: r.category, message: r.message }) || changed;
    const refused = new Set(refusals.map((r) => r.path.node));
    for (const u of uses) {
      if (refused.has(u.expr.node)) continue;
      changed = mark(j, c.report, u.expr, {
        rule, category: u.kind === 'telemetry' || u.kind === 'binding-telemetry' ? 'session-telemetry-key' : 'session-keyed-state',
        message: 'this session id read was not rewritten because another one in this file needs a person first (see the other mcp-migrate(session-state) marker); it is undefined in 2026-07-28 (SEP-2567): fix that one and migrate again',
      }) || changed;
    }
    return changed;
  }
  if (!uses.length) return changed;

  for (const t of tools) if (t.ctxAdds) editCtxPattern(c, t);
  for (const u of uses) {
    if (u.kind === 'notify') {
      edit(c, end(u.call.arguments[0]), end(u.call.arguments[1]), '');
      fixed(c, u.expr, 'session-keyed-state', 'sendLoggingMessage no longer takes a session id: 2026-07-28 has no sessions to route to (SEP-2567)');
    } else if (u.kind === 'telemetry') {
      edit(c, at(u.expr.node), end(u.expr.node), ctxPrincipal(c, u.tool));
      fixed(c, u.expr, 'session-telemetry-key', TELEMETRY_FIXED);
    } else if (u.kind === 'binding-telemetry') {
      bindingToPrincipal(c, u.tool, u.binding);
      fixed(c, u.expr, 'session-telemetry-key', TELEMETRY_FIXED);
    }
  }
  for (const plan of plans) applyStore(c, plan);
  return true;
}

/** `store.get(sessionId)`, `store[sid]`, `context.sessionId`: worth a parse in a file with no SDK import (sessionKeyedStoreMarkers()). */
const KEYED_STORE_HINT = /\.(?:get|set|has|delete|add)\(\s*(?:session_?id|sid)\b|\[\s*(?:session_?id|sid)\s*\]|\b(?:ctx|context|extra)\??\.sessionId/i;

const FRONT_END = /^(react|react-dom|preact|vue|svelte|solid-js|@angular\/core)(\/|$)/;

/** A module of a browser UI (a React hook, a Vue store): its "sessions" are the UI's, not MCP's. */
function importsFrontEnd(c: Ctx): boolean {
  return c.root.find(c.j.ImportDeclaration).some((p: P) => FRONT_END.test(String((p.node as N).source.value)));
}

/**
 * Stores keyed by a session id read outside any SDK tool (lib/session-keyed-stores.ts): a
 * gateway's per-session registry, per-session timers, a session store module. Nothing here
 * can be rewritten (the id is read in another function, often another file), so each store
 * gets one marker at its declaration. Not in clients, JSX views and other front-end modules,
 * files whose session code stateless-transport answers for (it marked them, or they are an
 * explicit 2025 leg), files whose session reads are already marked (one say per file's
 * session state), or files that never mention MCP outside a package that depends on the MCP
 * SDK (a browser or recorder "session" is not ours; a gateway's registry module in an MCP
 * package is).
 */
function sessionKeyedStoreMarkers(c: Ctx): boolean {
  if (c.isClient || c.readsMarked || c.statefulMode || /\.[cm]?[jt]sx$/i.test(c.report.file.path) || importsFrontEnd(c)) return false;
  const saysMcp = /mcp/i.test(c.source);
  if (!saysMcp && !inMcpPackage(c.report.file.path)) return false;
  let changed = false;
  for (const s of sessionKeyedStores(c.j, c.root)) {
    if (c.toolStores.has(s.name) || isIgnored(s.anchor, rule)) continue;
    // Why: admitted by its package alone, a class's own field (`this.sessions` of a session
    // store or access counter) was judged false on the trial 3 of 3 times: a store
    // implementation whose users (a 2025 leg, an explicit stateful mode) decide its era.
    if (!saysMcp && s.name.startsWith('this.')) continue;
    changed = mark(c.j, c.report, s.anchor, {
      rule, category: 'session-keyed-state',
      message: `\`${s.name}\` keeps state per MCP session (keyed by ${s.keyedBy}): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep)`,
    }) || changed;
  }
  return changed;
}

const TELEMETRY_FIXED = 'session id used as a telemetry/log/rate-limit key → the auth principal, else the request id (2026-07-28 has no session; per-session aggregation is gone)';

function fixed(c: Ctx, node: unknown, category: string, message: string) {
  report(c.report, { rule, category, severity: 'warning', resolution: 'fixed', message, node });
}

/**
 * Every place the file reads a session id: member reads (`x.sessionId`, `x?.sessionId`,
 * `x['sessionId']`) and `sessionId` properties of object patterns (`{ sessionId }`,
 * `{ sessionId: sid = 'anon' }`). Object literals (`{ sessionId: x }`) are writes, not reads.
 */
function sessionReads(c: Ctx): P[] {
  c.reads ??= findSessionReads(c);
  return c.reads;
}

function findSessionReads(c: Ctx): P[] {
  const { j } = c;
  const out: P[] = [];
  const isKey = (n: N, computed: boolean) =>
    computed ? (n.type === 'StringLiteral' || n.type === 'Literal') && n.value === 'sessionId' : n.type === 'Identifier' && n.name === 'sessionId';
  for (const type of [j.MemberExpression, j.OptionalMemberExpression]) {
    c.find(type).forEach((p: P) => {
      if (isKey(p.node.property, !!p.node.computed) && !out.some((q) => q.node === p.node)) out.push(p);
    });
  }
  c.find(j.ObjectPattern).forEach((p: P) => {
    for (const prop of p.node.properties as N[]) {
      if ((prop.type === 'ObjectProperty' || prop.type === 'Property') && isKey(prop.key, !!prop.computed)) {
        out.push(p.get('properties', (p.node.properties as N[]).indexOf(prop)));
      }
    }
  });
  return out.sort((a, b) => at(a.node) - at(b.node));
}

function sourceOf(c: Ctx, n: N): string {
  return c.source.slice(at(n), end(n));
}

/**
 * The text of `n` (the whole file without one) with every comment blanked out, offsets kept.
 * Text tests that classify code must use this: comments, and above all the markers a previous
 * run added, must not change what a read is classified as (the second run would mark it again).
 */
function codeOf(c: Ctx, n?: N): string {
  if (c.code === undefined) {
    const file = c.root.get().node as N;
    const tokens = (file.tokens ?? (file.loc as N | undefined)?.tokens ?? []) as N[];
    const parts: string[] = [];
    let done = 0;
    for (const t of tokens) {
      if (t.type !== 'CommentLine' && t.type !== 'CommentBlock') continue;
      const from = at(t);
      const to = end(t);
      parts.push(c.source.slice(done, from), c.source.slice(from, to).replace(/[^\r\n\u2028\u2029]/g, ' '));
      done = to;
    }
    parts.push(c.source.slice(done));
    c.code = parts.join('');
  }
  if (!n) return c.code;
  const span = spanOf(n);
  return span ? c.code.slice(span[0], span[1]) : c.code;
}

/**
 * Where a node's text starts and ends. recast nulls the `loc` of a declaration under `export`
 * (`export function f() {}`), so such a node is measured by its located children.
 */
function spanOf(n: N): [number, number] | undefined {
  if (n.loc) return [at(n), end(n)];
  let from = Infinity;
  let to = -Infinity;
  for (const [k, v] of Object.entries(n)) {
    if (k === 'loc' || k === 'comments' || k === 'tokens') continue;
    for (const child of Array.isArray(v) ? v : [v]) {
      const span = child && typeof child.type === 'string' ? spanOf(child) : undefined;
      if (!span) continue;
      from = Math.min(from, span[0]);
      to = Math.max(to, span[1]);
    }
  }
  return from <= to ? [from, to] : undefined;
}

/** Classifies one `<ctx>.sessionId` read in a tool handler; returns a refusal or records a use. */
function classify(c: Ctx, tool: Tool, read: P, uses: Use[], note: Note): { category: string; message: string } | undefined {
  const expr = unwrapUp(read);
  const parent = expr.parent.node as N;

  // `const sid = extra.sessionId!`: follow the alias through the handler.
  if (parent.type === 'VariableDeclarator' && parent.init === expr.node && parent.id.type === 'Identifier' &&
      expr.parent.parent.parent?.node === tool.handler.body) {
    const binding: Binding = { kind: 'alias', local: parent.id.name, stmt: expr.parent.parent.node, declarator: parent };
    return followBinding(c, tool, binding, expr, uses, note);
  }
  const u = classifyKey(c, tool, expr);
  if (!u) return unfollowable(`${tool.ctxName}.sessionId`);
  uses.push(u);
  return undefined;
}

type Note = (path: P, category: string, message: string) => void;

/**
 * A `sessionId` destructured from the handler context: the context parameter itself
 * (`async (args, { sessionId }) =>`) or a top-level `const { sessionId } = extra;` in the handler.
 * Either is an alias of `extra.sessionId`, rewritten the same way; any other pattern is refused.
 */
function classifyBinding(c: Ctx, tool: Tool, read: P, uses: Use[], note: Note): { category: string; message: string } | undefined {
  const prop = read.node as N;
  const pattern = read.parent.node as N;
  const value = prop.value as N;
  const local = value.type === 'Identifier' ? value.name
    : value.type === 'AssignmentPattern' && value.left.type === 'Identifier' && LITERAL_INIT.has(value.right.type) ? value.left.name : undefined;
  const holder = read.parent.parent as P; // the parameter list entry, or the VariableDeclarator
  if (pattern === tool.ctxPattern) {
    if (!local) return unfollowable('the destructured sessionId');
    return followBinding(c, tool, { kind: 'param', local, pattern, prop }, read, uses, note);
  }
  const decl = holder?.node as N;
  if (decl?.type === 'VariableDeclarator' && decl.id === pattern) {
    let init = decl.init as N | undefined;
    while (init && ['TSNonNullExpression', 'TSAsExpression', 'ParenthesizedExpression'].includes(init.type)) init = init.expression;
    if (init?.type === 'Identifier' && init.name === tool.argsName) return undefined; // a tool argument named sessionId
    if (init?.type === 'Identifier' && init.name === tool.ctxName && local && holder.parent.parent?.node === tool.handler.body) {
      return followBinding(c, tool, { kind: 'destructure', local, stmt: holder.parent.node, declarator: decl, pattern, prop }, read, uses, note);
    }
    return unfollowable(`const ${sourceOf(c, pattern)} = ${init ? sourceOf(c, init) : '…'}`);
  }
  // Arguments destructured in the parameter list: `async ({ sessionId }) =>` on a tool with arguments.
  if (tool.handler.params[0] === pattern && tool.argsName === undefined && hasArgs(tool)) return undefined;
  return unfollowable('the destructured sessionId');
}

/** Follows a local holding the session id to every use; records uses or returns a refusal. */
function followBinding(c: Ctx, tool: Tool, b: Binding, at0: P, uses: Use[], note: Note): { category: string; message: string } | undefined {
  if (tool.bindings.length) return unfollowable(`${b.local} (a second local holding the session id in tool "${tool.name}")`);
  const inside = b.pattern ?? b.declarator!.id;
  const refs = references(c, tool.handler, b.local).filter((r) => !(at(inside) <= at(r.node) && end(r.node) <= end(inside)));
  if (!refs.length) {
    // Read and never used: harmless, but still undefined after the migration; say so rather than skip.
    note(at0, 'session-keyed-state', `\`${b.local}\` holds the session id but is never used; it is undefined in 2026-07-28 (SEP-2567): remove it`);
    return undefined;
  }
  const found: Use[] = [];
  for (const ref of refs) {
    const u = classifyKey(c, tool, ref);
    if (!u) return unfollowable(b.local);
    found.push(u);
  }
  const storesKeyed = new Set(found.flatMap((u) => (u.kind === 'store' ? [u.store] : [])));
  if (storesKeyed.size > 1) {
    return { category: 'session-keyed-state', message: `\`${b.local}\` keys ${[...storesKeyed].join(' and ')}: one handle per store is what mcp-migrate generates; decide whether they share one handle and rewrite by hand (sessions are gone in 2026-07-28, SEP-2567)` };
  }
  tool.bindings.push(b);
  if (b.kind !== 'alias' && !tool.handler.body.type.endsWith('BlockStatement')) {
    return { category: 'session-keyed-state', message: `tool "${tool.name}": expression-bodied handler with a destructured sessionId; give it a block body first` };
  }
  if (b.kind === 'param') tool.ctxAdds = [];
  // Only telemetry reads it: the binding itself becomes the principal (names kept).
  if (found.every((u) => u.kind === 'telemetry')) {
    uses.push(b.kind === 'alias' ? { kind: 'telemetry', expr: at0, tool } : { kind: 'binding-telemetry', expr: at0, tool, binding: b });
  } else {
    for (const u of found) if (u.kind !== 'notify') u.binding = b;
    uses.push(...found);
  }
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

// ---------------------------------------------------------------- the handler context, named or destructured

/** Context members needed, by SDK generation: the auth principal and the request id. */
const CTX_MEMBERS = { v1: { auth: 'authInfo', request: 'requestId' }, v2: { auth: 'http', request: 'mcpReq' } } as const;

/** The local a destructured context binds `member` to (`{ authInfo: auth }` → `auth`), or undefined. */
function ctxLocal(t: Tool, member: string): string | undefined {
  const prop = (t.ctxPattern?.properties as N[] | undefined)?.find((p) => !p.computed && (p.key?.name ?? p.key?.value) === member);
  if (prop) return prop.value?.type === 'Identifier' ? prop.value.name : undefined;
  return t.ctxAdds?.includes(member) ? member : undefined;
}

/** Plans what a destructured context must gain for the rewrite; a refusal when it cannot. */
function ctxPatternProblem(c: Ctx, t: Tool, uses: Use[]): string | undefined {
  if (!t.ctxPattern || !t.ctxAdds) return undefined;
  const mine = uses.filter((u) => 'tool' in u && u.tool === t);
  const wanted: string[] = [];
  const m = CTX_MEMBERS[c.flavor];
  if (mine.some((u) => u.kind === 'store')) wanted.push(m.auth);
  if (mine.some((u) => u.kind === 'telemetry' || u.kind === 'binding-telemetry')) wanted.push(m.auth, m.request);
  for (const member of new Set(wanted)) {
    const prop = (t.ctxPattern.properties as N[]).find((p) => !p.computed && (p.key?.name ?? p.key?.value) === member);
    if (prop && prop.value?.type !== 'Identifier') return `tool "${t.name}": the context destructures \`${member}\` into a pattern mcp-migrate does not rewrite; name it (\`${member}\`) or take the context as one parameter`;
    if (prop) continue;
    if (references(c, t.handler, member).length) return `tool "${t.name}": the handler already uses a \`${member}\` of its own, so the context's \`${member}\` cannot be destructured next to it; rename one`;
    if ((t.ctxPattern.properties as N[]).some((p) => p.type === 'RestElement')) return `tool "${t.name}": rest element in the destructured context, so mcp-migrate cannot add \`${member}\` beside it; take the context as one parameter (\`extra\` / \`ctx\`) and migrate again`;
    t.ctxAdds.push(member);
  }
  return undefined;
}

/** `{ sessionId }` → `{ authInfo }` (v1) / `{ http }` (v2), adding what the rewrite reads. */
function editCtxPattern(c: Ctx, t: Tool) {
  const b = t.bindings.find((x) => x.kind === 'param')!;
  const adds = t.ctxAdds!;
  if (adds.length) edit(c, at(b.prop!), end(b.prop!), adds.join(', '));
  else removeMember(c, b.pattern!, b.prop!);
}

/** The auth principal of a tool's request, as source text. */
function ctxAuth(c: Ctx, t: Tool): string {
  if (t.ctxName) return authInfoOf(c.flavor, t.ctxName);
  const local = ctxLocal(t, CTX_MEMBERS[c.flavor].auth)!;
  return c.flavor === 'v1' ? local : `${local}?.authInfo`;
}

/** Principal when authenticated, else the request id, as source text. */
function ctxPrincipal(c: Ctx, t: Tool): string {
  if (t.ctxName) return principalOrRequestId(c.flavor, t.ctxName);
  const request = ctxLocal(t, CTX_MEMBERS[c.flavor].request)!;
  return `${ctxAuth(c, t)}?.clientId ?? String(${c.flavor === 'v1' ? request : `${request}.id`})`;
}

/** A destructured session id read only by telemetry: the same local now holds the principal. */
function bindingToPrincipal(c: Ctx, t: Tool, b: Binding) {
  const value = ctxPrincipal(c, t);
  if (b.kind === 'destructure' && b.pattern!.properties.length === 1) {
    edit(c, at(b.declarator!), end(b.declarator!), `${b.local} = ${value}`);
    return;
  }
  const line = `const ${b.local} = ${value};`;
  if (b.kind === 'destructure') {
    removeMember(c, b.pattern!, b.prop!);
    const stmt = b.stmt!;
    edit(c, lineEnd(c.source, end(stmt)), lineEnd(c.source, end(stmt)), indentAt(c.source, at(stmt)) + line + c.style.eol);
  } else {
    insertAtBodyTop(c, t, [line]);
  }
}

/** Lines inserted as the first statements of a tool handler's block body. */
function insertAtBodyTop(c: Ctx, t: Tool, lines: string[]) {
  const body = t.handler.body.body as N[];
  const first = body[0];
  const indent = first ? indentAt(c.source, at(first)) : indentAt(c.source, at(t.handler.body)) + c.style.unit;
  const text = lines.map((l) => indent + styled(l, c.style, indent) + c.style.eol).join('');
  if (first) edit(c, lineStart(c.source, at(first)), lineStart(c.source, at(first)), text);
  else edit(c, at(t.handler.body) + 1, at(t.handler.body) + 1, c.style.eol + text);
}

function hasArgs(t: Tool): boolean {
  return !!t.shape || (t.kind === 'registerTool' && !t.config);
}

// ---------------------------------------------------------------- reads the tools do not own

/** The object a session id is read from: `x` in `x.sessionId` or in `const { sessionId } = x`. */
/**
 * Whether a `x.sessionId` read outside a tool reads a request's context: `x` is a parameter
 * of an enclosing function (a handler's `extra`, `ctx`, `req`), not `this`, not an options
 * or config object. Destructuring reads count as before.
 */
function readsRequestContext(read: P): boolean {
  const member = read.node.type === 'MemberExpression' || read.node.type === 'OptionalMemberExpression';
  // `const { sessionId } = X`: judged by X; a destructured parameter stays a context read.
  const from = (member ? read.node.object : readObject(read)) as N | undefined;
  if (!from) return !member;
  let obj: N = from;
  if (!member && /MemberExpression$/.test(obj.type) && !obj.computed && /^(body|query|params|data|payload|options|config)$/.test(obj.property?.name ?? '')) return false;
  while (obj.type === 'TSAsExpression' || obj.type === 'TSNonNullExpression' || obj.type === 'ParenthesizedExpression' || obj.type === 'TSTypeAssertion') obj = obj.expression;
  if (obj.type !== 'Identifier' || /^(options|opts|config|cfg|props|settings|init|state|data|body|payload)$/i.test(obj.name)) return false;
  for (let q: P | null = read.parent; q; q = q.parent) {
    const fn = q.node as N;
    if (!/Function|ObjectMethod|ClassMethod/.test(fn.type)) continue;
    const param = (fn.params as N[]).map((p) => (p.type === 'AssignmentPattern' ? p.left : p)).find((p) => p?.type === 'Identifier' && p.name === obj.name);
    if (param) return !ownObjectType(read, param);
  }
  return false;
}

/**
 * The parameter is typed as an object this file defines (`es: { sessionId: string; … }`, or an
 * interface / type alias declared here): its `sessionId` is the file's own field, filled by the
 * file's callers, not the SDK's request context (that type is always imported).
 */
function ownObjectType(read: P, param: N): boolean {
  const t = param.typeAnnotation?.typeAnnotation as N | undefined;
  if (!t) return false;
  if (t.type === 'TSTypeLiteral') return true;
  if (t.type !== 'TSTypeReference' || t.typeName?.type !== 'Identifier') return false;
  const name = t.typeName.name as string;
  let program: P | null = read;
  while (program && program.node.type !== 'Program') program = program.parent;
  const declared = (s: N | undefined): boolean => !!s && ((s.type === 'TSInterfaceDeclaration' || s.type === 'TSTypeAliasDeclaration') && s.id?.name === name);
  return ((program?.node as N | undefined)?.body as N[] | undefined ?? []).some((s) => declared(s) || (/^Export(Named|Default)Declaration$/.test(s.type) && declared(s.declaration)));
}

/** A local of the tool handler whose every declaration initializer leaves the context out. */
function isLocalWithoutContext(c: Ctx, tool: Tool, name: string): boolean {
  const decls = c.find(c.j.VariableDeclarator, { id: { name } }).filter((p: P) => contains(tool.handler, p.node));
  if (!decls.size() || /transport/i.test(name)) return false;
  return decls.paths().every((p: P) => {
    const init = p.node.init as N | undefined;
    return !!init && !(tool.ctxName && references(c, init, tool.ctxName).length) && !(tool.ctxName === undefined && tool.ctxPattern);
  });
}

/**
 * The session id read here only goes, as an argument, to functions imported from modules that
 * keep a store keyed by it (`syncRoots(server, extra.sessionId)`, roots.ts keeping the roots
 * per session): that store carries the one marker of the flow, in its module. Names them.
 */
function handedToStoreModule(c: Ctx, read: P): string | undefined {
  const e = unwrapUp(read);
  const parent = e.parent?.node as N | undefined;
  const local = parent?.type === 'VariableDeclarator' && parent.init === e.node && parent.id.type === 'Identifier' ? parent.id.name as string : undefined;
  const fn = enclosingFunction(read);
  const uses = local ? references(c, (fn ?? c.root.get()).node as N, local) : [e];
  if (!uses.length) return undefined;
  const targets = new Set<string>();
  for (const u of uses) {
    const arg = unwrapUp(u);
    const call = arg.parent?.node as N | undefined;
    if (call?.type !== 'CallExpression' || !call.arguments.includes(arg.node) || call.callee.type !== 'Identifier') return undefined;
    const source = importSourceOf(c, call.callee.name);
    if (!source || !keepsKeyedStore(c.j, c.report.file.path, source)) return undefined;
    targets.add(`${call.callee.name}() from ${source}`);
  }
  return [...targets].join(', ');
}

function importSourceOf(c: Ctx, local: string): string | undefined {
  let source: string | undefined;
  c.find(c.j.ImportDeclaration).forEach((p: P) => {
    if ((p.node.specifiers ?? []).some((sp: N) => sp.local?.name === local)) source = String(p.node.source.value);
  });
  return source;
}

function handedOff(c: Ctx, read: P, to: string): void {
  report(c.report, {
    rule, category: 'session-keyed-state', severity: 'info', resolution: 'manual', node: read,
    message: `hands the session id to ${to}, whose store kept per MCP session carries the marker of this flow there (SEP-2567): key that store by an explicit handle or the auth principal, and pass that here instead`,
  });
}

/** `console.log(…)`, `logger.info(…)`: a statement that only logs. */
function isLogCall(stmt: N): boolean {
  let e = stmt.type === 'ExpressionStatement' ? (stmt.expression as N) : undefined;
  if (e?.type === 'AwaitExpression') e = e.argument;
  if (e?.type !== 'CallExpression' || e.callee.type !== 'MemberExpression' || e.callee.computed) return false;
  const obj = e.callee.object as N;
  const objName = obj.type === 'Identifier' ? obj.name : obj.type === 'MemberExpression' && !obj.computed ? obj.property.name : '';
  return (TELEMETRY_CALLEE.test(objName) || /log(ger)?$/i.test(objName)) && TELEMETRY_METHOD.test(e.callee.property.name);
}

function readObject(read: P): N | undefined {
  if (read.node.type === 'MemberExpression' || read.node.type === 'OptionalMemberExpression') return read.node.object;
  const decl = read.parent?.parent?.node as N | undefined;
  return decl?.type === 'VariableDeclarator' && decl.id === read.parent.node ? decl.init : undefined;
}

/** `transports[sid]`, `transports.get(sid)`, `delete transports[sid]`: routing by session, stateless-transport's business. */
function isTransportMapKey(p: P): boolean {
  const e = unwrapUp(p);
  const parent = e.parent?.node as N | undefined;
  if (!parent) return false;
  const named = (o: N) => /transport|session/i.test(o?.type === 'Identifier' ? o.name : o?.type === 'MemberExpression' && !o.computed ? o.property.name : '');
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.computed && parent.property === e.node) return named(parent.object);
  if (parent.type === 'CallExpression' && parent.arguments[0] === e.node && parent.callee.type === 'MemberExpression' && !parent.callee.computed &&
      STORE_METHODS.has(parent.callee.property.name)) return named(parent.callee.object);
  // `if (transport.sessionId) …` guarding such routing.
  if (parent.type === 'IfStatement' && parent.test === e.node) return true;
  return false;
}

/**
 * `transport.sessionId` in server code outside tools. Routing on it is stateless-transport's (it runs
 * first and leaves a marker when it refuses); every other use — and routing that reached us with no
 * stateless-transport marker in the file — gets a marker that does not hold back the tools.
 */
/** Session plumbing stateless-transport answers for: it marked it, or reported an explicit stateful mode. */
function transportRuleOwns(c: Ctx): boolean {
  return c.statefulMode || c.source.includes(`${MARKER_PREFIX}stateless-transport)`);
}

/** A read in code that serves the legacy SSE transport: its session id is the SSE stream's. */
function isSsePlumbing(c: Ctx, fn: P | undefined): boolean {
  if (!/\bSSEServerTransport\b/.test(c.source)) return false;
  if (!/\bStreamableHTTPServerTransport\b|\bcreateMcpHandler\b/.test(c.source)) return true;
  const code = fn ? codeOf(c, fn.node) : '';
  return /new\s+SSEServerTransport\b|handlePostMessage\s*\(|query\.sessionId|searchParams\.get\(\s*['"]sessionId/.test(code);
}

function transportRead(c: Ctx, read: P, note: Note) {
  if (isTransportMapKey(read)) {
    if (transportRuleOwns(c)) return;
    note(read, 'transport-map-routing', 'routes by the transport session id, which is undefined in 2026-07-28 (SEP-2567): serve each request with its own transport (run the stateless-transport migration, which did not recognize this routing, or rewrite it by hand)');
    return;
  }
  if (harmlessTransportRead(c, read)) return;
  const handedTo = handedToStoreModule(c, read);
  if (handedTo) return handedOff(c, read, handedTo);
  note(read, 'session-keyed-state', `\`${read.node.type === 'ObjectProperty' ? 'sessionId' : 'transport.sessionId'}\` is undefined in 2026-07-28 (SEP-2567): whatever this keys, logs or returns needs an explicit handle or the auth principal instead`);
}

/**
 * A transport's session id read where its being undefined changes nothing a person must fix
 * (judged false on the trial, 8 of 8): a log line; a test of whether a session was opened;
 * a getter handing the id on; an SSE transport's id (it always has one); or, where
 * stateless-transport marked this file's session plumbing, a read that binds no auth to it.
 */
function harmlessTransportRead(c: Ctx, read: P): boolean {
  const stmt = statementIn(read).node as N;
  if (isLogCall(stmt)) return true;
  let up: P = read;
  while (up.parent && /^(UnaryExpression|LogicalExpression|TSNonNullExpression)$/.test(up.parent.node.type) && (up.parent.node.type !== 'UnaryExpression' || up.parent.node.operator === '!')) up = up.parent;
  const holder = up.parent?.node as N | undefined;
  if (holder && /^(IfStatement|ConditionalExpression)$/.test(holder.type) && holder.test === up.node) return true;
  const fn = enclosingFunction(read);
  const method = fn?.parent?.node as N | undefined;
  if (method?.type === 'ClassMethod' && method.kind === 'get') return true;
  if ((fn?.node as N | undefined)?.type === 'ClassMethod' && (fn!.node as N).kind === 'get') return true;
  const obj = unwrapTs(read.node.object as N | undefined);
  if (obj?.type === 'Identifier' && constructedAsSse(c, read, obj.name)) return true;
  return transportRuleOwns(c) && !AUTH_STORE.test(codeOf(c, stmt));
}

function unwrapTs(n: N | undefined): N | undefined {
  while (n && (n.type === 'TSNonNullExpression' || n.type === 'TSAsExpression' || n.type === 'ParenthesizedExpression')) n = n.expression;
  return n;
}

/** `name` is bound to `new SSEServerTransport(…)` in scope of `at`. */
function constructedAsSse(c: Ctx, at: P, name: string): boolean {
  const binding = (at as unknown as N).scope?.lookup(name)?.getBindings()[name]?.[0] as P | undefined;
  const decl = binding?.parent?.node as N | undefined;
  const init = unwrapTs(decl?.type === 'VariableDeclarator' ? decl.init : undefined);
  if (init?.type === 'NewExpression' && init.callee.type === 'Identifier' && /SSEServerTransport|SseTransport/.test(init.callee.name)) return true;
  // `let transport; … transport = new SSEServerTransport(…)` in the same function.
  const fn = enclosingFunction(at);
  return !!fn && new RegExp(`\\b${name}\\s*=\\s*new\\s+SSEServerTransport\\b`).test(codeOf(c, fn.node));
}

/**
 * Session reads inside transport callbacks (`onsessioninitialized`, `onsessionclosed`, `onclose`):
 * the session parameter or `.sessionId`. Creation and cleanup statements of a migrated store are
 * removed; routing is stateless-transport's; anything else gets a marker: session start and close
 * no longer happen in 2026-07-28.
 */
function callbackReads(c: Ctx, callbacks: Callback[], removed: N[], note: Note) {
  for (const cb of callbacks) {
    const param = (cb.fn.params[0] as N | undefined)?.type === 'Identifier' ? cb.fn.params[0].name as string : undefined;
    const reads: P[] = [];
    if (param) for (const r of references(c, cb.fn, param)) if (r.node !== cb.fn.params[0]) reads.push(r);
    for (const r of sessionReads(c)) if (contains(cb.fn, r.node)) reads.push(r);
    const marked = new Set<N>();
    for (const r of reads) {
      if (isIgnored(r, rule)) continue;
      const stmt = statementIn(r).node as N;
      if (removed.some((x) => x === stmt || contains(x, r.node)) || marked.has(stmt)) continue;
      if (isTransportMapKey(r)) {
        if (transportRuleOwns(c)) continue;
        note(r, 'transport-map-routing', 'routes by the session id when a session starts or ends; in 2026-07-28 (SEP-2567) sessions never start: serve each request with its own transport (run the stateless-transport migration, which did not recognize this routing, or rewrite it by hand)');
      } else {
        // Logging the id when a session starts or ends says nothing once sessions are gone; and
        // where stateless-transport already marked this session plumbing, only what binds auth
        // to the session (tokens, users) needs a word of its own.
        if (isLogCall(stmt)) continue;
        if (transportRuleOwns(c) && !AUTH_STORE.test(codeOf(c, stmt))) continue;
        note(r, 'session-keyed-state', 'runs when a session starts or ends, which never happens in 2026-07-28 (SEP-2567): move this to an open_/close_ tool, an idle expiry, or drop it');
      }
      marked.add(stmt);
    }
  }
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
  // A store made inside the function that builds the server is empty on every stateless request.
  const inner = c.find(c.j.VariableDeclarator, { id: { name: store } }).filter((p: P) => {
    const fn = enclosingFunction(p);
    return !!fn && tools.some((t) => contains(fn.node, t.call));
  });
  if (inner.size()) {
    return { ...fail(`\`${store}\` is created inside the function that registers its tools, so every server instance (one per request once stateless) starts with an empty one; move it to module scope or a shared store, then migrate again (sessions are gone in 2026-07-28, SEP-2567)`), category: 'session-keyed-state' };
  }
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
    // `S.get(K) ?? INIT` with `S.set(K, …)` in the same tool creates entries too; the statement
    // stays as it is (open_<state> now creates them, the guard turns unknown handles away).
    const fallback = getOrDefault(u);
    if (fallback && storeUses.some((v) => v.tool === u.tool && calleeName(v.expr.parent.node) === 'set')) initTexts.push(c.j(fallback as any).toSource());
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
  if (!t.ctxName && !t.ctxPattern) return `tool "${t.name}": handler context parameter is not a plain identifier or object pattern; add the ${names.param} argument by hand`;
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

/** INIT of `S.get(K) ?? INIT` (or `|| INIT`) around a store use, when it is movable into open_<state>. */
function getOrDefault(u: Extract<Use, { kind: 'store' }>): N | undefined {
  const call = u.expr.parent as P;
  if (calleeName(call.node) !== 'get' || call.node.arguments[0] !== u.expr.node) return undefined;
  const logical = call.parent?.node as N;
  if (logical?.type !== 'LogicalExpression' || !['??', '||'].includes(logical.operator) || logical.left !== call.node) return undefined;
  return isMovableInit(logical.right) ? logical.right : undefined;
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
  c.find(c.j.VariableDeclaration).forEach((p: P) => {
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

  // Store keys: a local holding the session id (`const sid = extra.sessionId!`, `const { sessionId } =
  // extra`, a destructured context) becomes the key local; every read of it or of the context uses that.
  const keyDecl = new Map<Tool, { decl?: N; keyLine: boolean }>();
  const inLazy = (node: N) => plan.lazy.some((s) => at(s.node) <= at(node) && end(node) <= end(s.node));
  for (const u of plan.uses) {
    const t = u.tool;
    if (u.binding && !keyDecl.has(t)) keyDecl.set(t, bindingToKey(c, t, u.binding, n));
    if (inLazy(u.expr.node)) continue;
    edit(c, at(u.expr.node), end(u.expr.node), n.keyLocal);
  }

  for (const t of plan.tools) {
    const body = t.handler.body.body as N[];
    const guard = `if (!${n.store}.has(${n.keyLocal})) return ${n.unknownFn}(${handleRef(t, n)});`;
    const lazyHere = plan.lazy.map((s) => s.node).find((s) => body.includes(s));
    const key = keyDecl.get(t);
    const decl = key?.decl;
    const anchor = decl ?? body[0];
    const next = decl ? body[body.indexOf(decl) + 1] : body[0];
    const indent = anchor ? indentAt(src, at(anchor)) : indentAt(src, at(t.handler.body)) + c.style.unit;
    const lines = [...(decl && !key.keyLine ? [] : [`const ${n.keyLocal} = ${keyCall(c, t, n)};`]), guard];
    if (lazyHere && lazyHere === next) {
      // The lazy creation sits where the guard goes: replace it in place.
      const decls = lines.slice(0, -1).map((l) => `${l}${c.style.eol}${indent}`).join('');
      edit(c, at(lazyHere), end(lazyHere), decls + styled(guard, c.style, indent));
    } else {
      if (lazyHere) c.edits.push(removeLines(src, at(lazyHere), end(lazyHere)));
      const text = lines.map((l) => indent + styled(l, c.style, indent) + c.style.eol).join('');
      if (decl) edit(c, lineEnd(src, end(decl)), lineEnd(src, end(decl)), text);
      else if (next) edit(c, lineStart(src, at(next)), lineStart(src, at(next)), text);
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
  const firstIndent = indentAt(src, at(first));
  const open = openToolSource({
    names: n, server: plan.tools[0].server, flavor: c.flavor, init: plan.init, users: plan.tools.map((t) => t.name), endedBy,
  });
  // Follow the file: a blank line between the new tools and the old ones only where statements are spaced so.
  const before = src.slice(lineStart(src, lineStart(src, at(first)) - 1), lineStart(src, at(first)));
  const gap = before.trim() === '' ? c.style.eol : '';
  edit(c, lineStart(src, at(first)), lineStart(src, at(first)), firstIndent + styled(open, c.style, firstIndent) + c.style.eol + gap);
  for (const cleanup of plan.cleanups) removeCallbackStatement(c, cleanup);
  if (closes) {
    const close = closeToolSource(n, plan.tools[0].server, c.flavor, z);
    const lastIndent = indentAt(src, at(last));
    edit(c, end(last), end(last), c.style.eol + gap + lastIndent + styled(close, c.style, lastIndent));
  }

  // Helpers after the store's declaration (or after the imports when it is imported).
  const anchor = (plan.declaration?.node ?? lastImport(c)) as N;
  // A blank line on both sides, also when the declaration had a statement right below it.
  const spaced = /^[ \t]*\r?\n[ \t]*(\r?\n|$)/.test(src.slice(end(anchor)));
  edit(c, end(anchor), end(anchor), c.style.eol + c.style.eol + styled(helperSource(n, c.ts), c.style, '') + (spaced ? '' : c.style.eol));
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

/** The local holding the session id becomes the store key; says where the key line goes. */
function bindingToKey(c: Ctx, t: Tool, b: Binding, n: StateNames): { decl?: N; keyLine: boolean } {
  if (b.kind === 'alias' || (b.kind === 'destructure' && b.pattern!.properties.length === 1)) {
    edit(c, at(b.declarator!.id), end(b.declarator!.id), n.keyLocal);
    edit(c, at(b.declarator!.init), end(b.declarator!.init), keyCall(c, t, n));
    return { decl: b.stmt, keyLine: false };
  }
  if (b.kind === 'destructure') {
    removeMember(c, b.pattern!, b.prop!);
    return { decl: b.stmt, keyLine: true };
  }
  return { keyLine: true }; // param: editCtxPattern() rewrote the pattern; the key goes first in the body
}

function keyCall(c: Ctx, t: Tool, n: StateNames): string {
  return `${n.keyFn}(${handleRef(t, n)}, ${ctxAuth(c, t)})`;
}

function handleRef(t: Tool, n: StateNames): string {
  return t.argsName && !t.argsUnused ? `${t.argsName}.${n.param}` : n.param;
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
  edit(c, end(lastProp), end(lastProp), multiline ? `,${c.style.eol}${indentAt(c.source, at(lastProp))}${text}` : `, ${text}`);
}

/** Input schema gets `<state>_id`; the handler's argument pattern gets it too. */
function addHandleArgument(c: Ctx, t: Tool, n: StateNames, z: string) {
  const member = `${n.param}: ${paramSchema(n, z)}`;
  const schema = c.style.quote === '"' ? member.replace(/'/g, '"') : member;
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
  } else if (t.argsUnused) {
    // `async (_args, extra) =>` with `_args` never read: destructure the handle instead of `_args.cart_id`.
    edit(c, at(first), end(first), `{ ${n.param} }`);
  }
}

function lastImport(c: Ctx): N {
  const imports = c.find(c.j.ImportDeclaration);
  return imports.at(imports.size() - 1).get().node;
}

function ensureZ(c: Ctx): string {
  const local = importedLocalName(c.j, c.root, /^zod(\/v[34])?$/, 'z');
  if (local) return local;
  let ns: string | undefined;
  c.find(c.j.ImportDeclaration).forEach((p: P) => {
    if (!/^zod(\/v[34])?$/.test(String(p.node.source.value))) return;
    for (const s of p.node.specifiers ?? []) if (s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier') ns = s.local.name;
  });
  if (ns) return ns;
  ensureImport(c, 'z', 'zod', false);
  return 'z';
}

function cryptoModule(c: Ctx): string {
  const has = c.find(c.j.ImportDeclaration).filter((p: P) => /^(node:)?crypto$/.test(String(p.node.source.value)));
  return has.size() ? String(has.get().node.source.value) : 'node:crypto';
}

/** `import { name } from 'module'` (or `import type`), added once, after the last import. */
function ensureImport(c: Ctx, name: string, module: string, typeOnly: boolean) {
  const decls = c.find(c.j.ImportDeclaration, { source: { value: module } });
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
  const q = c.style.quote === '"' ? '"' : "'";
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
  c.find(j.ObjectProperty).forEach((p: P) => {
    const key = p.node.key?.name ?? p.node.key?.value;
    if ((key === 'onsessioninitialized' || key === 'onsessionclosed') && isFn(p.node.value)) out.push({ fn: p.node.value, holder: { obj: p.parent.node, prop: p.node } });
  });
  c.find(j.ObjectMethod).forEach((p: P) => {
    if (p.node.key?.name === 'onsessioninitialized' || p.node.key?.name === 'onsessionclosed') out.push({ fn: p.node, holder: { obj: p.parent.node, prop: p.node } });
  });
  c.find(j.AssignmentExpression).forEach((p: P) => {
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
    c.j(fn as never).find(c.j.CallExpression).forEach((p: P) => {
      const callee = p.node.callee as N;
      if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || !stores.includes(callee.object.name)) return;
      if (enclosingFunction(p) && enclosingFunction(p)!.node !== fn) return;
      const store = callee.object.name as string;
      const key = p.node.arguments[0] as N;
      const isSessionKey = key && ((key.type === 'Identifier' && fn.params[0]?.name === key.name) || /\.sessionId!?$/.test(c.j(key as never).toSource()));
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
  const ownLine = src.slice(lineStart(src, at(prop)), at(prop)).trim() === '' && /^\s*,?\s*(\/\/.*)?\r?\n/.test(src.slice(end(prop)));
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
  c.find(j.CallExpression).forEach((path: P) => {
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
    const tool: Tool = { call, path, name, server, kind, handler, bindings: [] };
    if (kind === 'registerTool') {
      const config = args[1];
      if (config?.type === 'ObjectExpression') {
        const schema = config.properties.find((p: N) => (p.key?.name ?? p.key?.value) === 'inputSchema');
        if (!schema) tool.config = config;
        else if (schema.value.type === 'ObjectExpression') tool.shape = schema.value;
        else if (schema.value.type === 'CallExpression' && calleeName(schema.value) === 'object' && schema.value.arguments[0]?.type === 'ObjectExpression') tool.shape = schema.value.arguments[0];
      }
    } else {
      // tool(name, [description], [shape], [annotations], cb), read as the v1 SDK reads it: after the
      // description, an object literal that is empty or holds a zod-looking value is the shape (`{}`
      // too: a tool without arguments still gets `(args, extra)`); any other object is annotations.
      const rest = args.slice(1, -1);
      if (rest[0]?.type === 'StringLiteral' || rest[0]?.type === 'Literal' || rest[0]?.type === 'TemplateLiteral') rest.shift();
      const first = rest[0];
      if (first && first.type !== 'ObjectExpression') return; // a schema in a variable: not followed (reads inside get a marker)
      if (first && (first.properties.length === 0 ||
          first.properties.some((p: N) => p.value && (p.value.type === 'CallExpression' || p.value.type === 'MemberExpression')))) tool.shape = first;
    }
    const ctxParam = handler.params[hasArgs(tool) ? 1 : 0] as N | undefined;
    if (ctxParam?.type === 'Identifier') tool.ctxName = ctxParam.name;
    if (ctxParam?.type === 'ObjectPattern') tool.ctxPattern = ctxParam;
    const argsParam = hasArgs(tool) ? handler.params[0] as N | undefined : undefined;
    if (argsParam?.type === 'Identifier') {
      tool.argsName = argsParam.name;
      tool.argsUnused = !references(c, handler, argsParam.name).some((r) => r.node !== argsParam);
    }
    tools.push(tool);
  });
  return tools;
}

/** What to say about a session id read in a `setRequestHandler(Schema, …)` handler, by what it handles. */
function lowLevelMessage(c: Ctx, fn: P, read: P): string {
  const schema = ((fn.parent.node as N).arguments[0] as N | undefined);
  const name = schema?.type === 'Identifier' ? schema.name : schema?.type === 'MemberExpression' && !schema.computed ? schema.property.name : '';
  if (/Subscribe|SetLevel|Logging/i.test(name)) {
    return `this ${name.replace(/RequestSchema$|Schema$/, '')} handler keys its state by the session id, which 2026-07-28 requests do not carry (SEP-2567): subscriptions and log levels live in a 2025-era session: keep this handler on a sessionful leg for 2025-era clients, behind a 2026-07-28 path (on v2: isLegacyRequest); registerTool does not apply here`;
  }
  if (AUTH_STORE.test(codeOf(c, statementIn(read).node as N))) {
    return 'low-level handler looks up auth state by the session id, undefined in 2026-07-28 (SEP-2567): take the caller from the request itself (extra.authInfo: its token and client), not from a session';
  }
  return 'low-level setRequestHandler server: the state flow behind this session id is not visible to mcp-migrate; key it by an explicit handle in the tool arguments (or move the tool to McpServer.registerTool and migrate again) (sessions are gone in 2026-07-28, SEP-2567)';
}

/**
 * The id is handed to a method of this file that ignores it (`createTask(params, id, req,
 * _sessionId)`: the underscore says unused): nothing is keyed by it.
 */
function passedToUnusedParam(c: Ctx, read: P): boolean {
  let arg: P = read;
  while (arg.parent && /^(TSNonNullExpression|TSAsExpression|LogicalExpression)$/.test(arg.parent.node.type)) arg = arg.parent;
  const call = arg.parent?.node as N | undefined;
  if (call?.type !== 'CallExpression') return false;
  const index = (call.arguments as N[]).indexOf(arg.node);
  const name = calleeName(call);
  if (index < 0 || !name) return false;
  // Functions and methods of that name declared in this file (ast-types counts methods as functions).
  const decls = c.find(c.j.Function).filter((p: P) => ((p.node as N).id?.name ?? (p.node as N).key?.name) === name).nodes() as N[];
  if (!decls.length) return false;
  return decls.every((d) => {
    const param = d.params?.[index];
    const id = param?.type === 'AssignmentPattern' ? param.left : param;
    return id?.type === 'Identifier' && id.name.startsWith('_');
  });
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
  const obj = readObject(read);
  const name = obj?.type === 'Identifier' ? obj.name : (obj?.type === 'MemberExpression' || obj?.type === 'OptionalMemberExpression') && !obj.computed ? obj.property.name : '';
  return /transport/i.test(name);
}

// ---------------------------------------------------------------- stdio module state

/** stdio servers keep one process per client, so module state works there and not over HTTP. */
function stdioState(c: Ctx) {
  const { j, root } = c;
  const src = c.report.file.source;
  if (!/StdioServerTransport|serveStdio/.test(src) || /StreamableHTTPServerTransport|createMcpHandler/.test(src)) return;
  c.find(j.VariableDeclaration).forEach((p: P) => {
    if ((p.parent.node as N).type !== 'Program') return;
    for (const d of p.node.declarations as N[]) {
      if (d.id.type !== 'Identifier') continue;
      const mutable = p.node.kind === 'let' ||
        (d.init?.type === 'NewExpression' && ['Map', 'Set'].includes(d.init.callee?.name)) || d.init?.type === 'ArrayExpression';
      if (!mutable) continue;
      const mutated = c.find(j.Identifier, { name: d.id.name }).filter((r: P) => {
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

/**
 * Client-side session handling stays: a client that passes `sessionId`, persists
 * `transport.sessionId`, calls `terminateSession()` or sends the header by hand still talks to
 * 2025-era servers, which still issue sessions (deleting it leaked sessions and broke real test
 * suites). SDK v2 clients speak both eras once they negotiate, so a `new Client(...)` without
 * `versionNegotiation` gains `{ mode: 'auto' }`; a v1 client gets one info finding.
 */
function clientSide(c: Ctx): boolean {
  const { j, root } = c;
  const v2Client = importedLocalName(j, root, /^@modelcontextprotocol\/client$/, 'Client');
  let changed = false;
  if (v2Client) {
    c.find(j.NewExpression, { callee: { name: v2Client } }).forEach((p: P) => {
      if (isIgnored(p, rule)) return;
      changed = negotiateBothEras(c, p) || changed;
    });
  } else if (c.flavor === 'v1' && c.isClient && holdsClientSession(c)) {
    report(c.report, {
      rule, category: 'client-session-handling', severity: 'info', resolution: 'manual', node: root.get().node.program.body[0],
      message: 'this client keeps its session handling (2025-era servers still issue sessions); SDK v1 speaks only the 2025 protocol: `mcp-migrate pins --to v2` brings a client that negotiates both eras (versionNegotiation: { mode: \'auto\' })',
    });
  }
  return changed;
}

const NEGOTIATE = "versionNegotiation: { mode: 'auto' }";

/** `new Client(info[, options])` → the same with `versionNegotiation: { mode: 'auto' }`. */
function negotiateBothEras(c: Ctx, p: P): boolean {
  const [info, opts] = p.node.arguments as N[];
  if (!info || p.node.arguments.length > 2 || info.type === 'SpreadElement') return false;
  const option = styled(NEGOTIATE, c.style, '');
  if (!opts) {
    edit(c, end(info), end(info), `, { ${option} }`);
  } else if (opts.type !== 'ObjectExpression') {
    report(c.report, { rule, category: 'client-session-handling', severity: 'info', resolution: 'manual', node: p.node,
      message: `pass ${NEGOTIATE} in this client's options so it speaks 2026-07-28 and falls back to 2025 servers` });
    return false;
  } else if (opts.properties.some((q: N) => (q.key?.name ?? q.key?.value) === 'versionNegotiation')) {
    return false;
  } else if (opts.properties.length === 0) {
    edit(c, at(opts), end(opts), `{ ${option} }`);
  } else {
    const first = at(opts.properties[0]);
    const lead = c.source.slice(lineStart(c.source, first), first);
    edit(c, first, first, /^\s*$/.test(lead) ? `${option},${c.style.eol}${lead}` : `${option}, `);
  }
  fixed(c, p.node, 'client-session-handling', `${NEGOTIATE} added: the client negotiates 2026-07-28 and falls back to 2025-era servers, which keep its session handling working`);
  return true;
}

/** A v1 client that keeps session state: the cases a v2 upgrade changes nothing about. */
function holdsClientSession(c: Ctx): boolean {
  return /terminateSession\s*\(|\.sessionId\b|sessionId\s*:|mcp-session-id/i.test(c.source);
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
  return c.j(n as never).find(c.j.Node, isSessionHeaderLiteral).size() > 0 || isSessionHeaderLiteral(n);
}

/**
 * Reads of the session header outside transport routing: a client persisting it from a response,
 * or a gateway routing on it. Transport-map routing (`transports[sid]`) is stateless-transport's.
 */
function headerReads(c: Ctx): boolean {
  const { j, root } = c;
  let changed = false;
  // A node predicate, not a filter on paths: only the header literals get a NodePath.
  root.find(j.Node, isSessionHeaderLiteral).forEach((p: P) => {
    const parent = p.parent.node as N;
    // `headers['mcp-session-id'] = id` builds an outgoing request's headers: a write, not a read.
    const written = (p.parent.parent?.node as N | undefined)?.type === 'AssignmentExpression' && (p.parent.parent.node as N).left === parent;
    const read = (parent.type === 'MemberExpression' && parent.computed && parent.property === p.node && !written) ||
      (parent.type === 'CallExpression' && parent.arguments[0] === p.node && (calleeName(parent) === 'get' || calleeName(parent) === 'has'));
    if (!read || isIgnored(p, rule)) return;
    const fn = enclosingFunction(p);
    // What the code around the read says, never what a comment says: our own marker on this read
    // ("routes by the Mcp-Session-Id header…") would otherwise match GATEWAY_STORE (`route`) on
    // the next run and add a second, gateway marker to the same statement.
    const scope = codeOf(c, fn?.node);
    if (/transports?\b|transports?\[|transportsBy/i.test(scope) && !GATEWAY_STORE.test(scope)) {
      // Transport-map routing is stateless-transport's: it runs first, rewriting it or leaving its marker.
      // Reaching here with no such marker in the file (it was not run, or did not recognize the shape): say so.
      if (transportRuleOwns(c)) return;
      c.readsMarked = true;
      changed = mark(j, c.report, p, { rule, category: 'transport-map-routing', message: 'routes by the Mcp-Session-Id header, which 2026-07-28 requests no longer carry (SEP-2567): serve each request with its own transport (run the stateless-transport migration, or rewrite this routing by hand)' }) || changed;
      return;
    }
    // `req.headers[...]` is an incoming request (a server or gateway); `res.headers.get(...)` a client reading a reply.
    const holder = parent.type === 'MemberExpression' ? parent.object : parent.callee.object;
    const owner = holder?.type === 'MemberExpression' ? holder.object : undefined;
    const incoming = owner?.type === 'Identifier' && /^(req|request|incoming|ctx)$/i.test(owner.name);
    // A client reading the id a 2025-era server issued: that handling stays (see clientSide).
    if (!incoming) return;
    // A transport implementation answering 2025-era clients (its sessionIdGenerator option picks
    // the era), or a log line: neither keys anything on the header.
    if (inTransportClass(p) || isLogCall(statementIn(p).node as N)) return;
    const gateway = GATEWAY_STORE.test(scope) || /\bfetch\(|proxy/i.test(scope);
    const toTransports = /transports?\b|transports?\[|transportsBy/i.test(scope);
    // Routing to transports that stateless-transport already marked in this file: its marker says it.
    if (gateway && toTransports && transportRuleOwns(c)) return;
    // Why: on the trial 12 of 13 such markers were false: the id only fed telemetry, a fallback
    // (`?? req.ip`), a pass-through, or a GET/DELETE route only 2025 clients call. A read is
    // a site when the id keys something: a store lookup, a computed member, a routing call.
    if (!gateway && (!keysSomething(c, p) || legacyOnlyRoute(fn) || markedByTransportRule(c, fn))) return;
    c.readsMarked = true;
    changed = mark(j, c.report, p, gateway && toTransports
      ? { rule, category: 'transport-map-routing', message: 'routes requests to sessionful transports by the Mcp-Session-Id header, which 2026-07-28 requests do not carry (SEP-2567): serve a request without the header with a fresh server and stateless transport of its own instead of refusing it, and keep this routing for 2025-era clients' }
      : gateway
      ? { rule, category: 'gateway-sticky-routing', message: 'routes on the Mcp-Session-Id header, which 2026-07-28 requests no longer carry (SEP-2567): any instance may receive any request; needs a designed replacement (shared state, or routing on an explicit handle argument)' }
      : { rule, category: 'session-keyed-state', message: 'keys on the Mcp-Session-Id request header, which 2026-07-28 requests do not carry (SEP-2567; 2025-era clients still send it): key this on the auth principal or an explicit handle argument' }) || changed;
  });
  return changed;
}

const KEYING_CALL = /^(get|has|delete|set|add|idFromString|idFromName|get\w+|load\w*|find\w*|lookup\w*|resolve\w*|route\w*|forward\w*)$/;

/** The header's value (directly, or through the local it initializes) is used as a key. */
function keysSomething(c: Ctx, headerLiteral: P): boolean {
  let expr: P = headerLiteral.parent;
  // `req.headers['mcp-session-id'] as string`, `… ?? ''`, `Array.isArray(x) ? x[0] : x`.
  while (expr.parent && /^(TSAsExpression|TSNonNullExpression|LogicalExpression|ConditionalExpression|ParenthesizedExpression)$/.test(expr.parent.node.type)) expr = expr.parent;
  const keyed = (use: P) => {
    const parent = use.parent?.node as N | undefined;
    if (!parent) return false;
    if (/MemberExpression$/.test(parent.type) && parent.computed && parent.property === use.node) return true;
    return parent.type === 'CallExpression' && parent.arguments.includes(use.node) && KEYING_CALL.test(calleeName(parent) ?? '');
  };
  if (keyed(expr)) return true;
  const decl = expr.parent?.node as N | undefined;
  if (decl?.type !== 'VariableDeclarator' || decl.init !== expr.node || decl.id.type !== 'Identifier') return false;
  const fn = enclosingFunction(headerLiteral);
  return references(c, (fn ?? c.root.get()).node as N, decl.id.name).some((r) => r.node !== decl.id && keyed(r));
}

/** A GET or DELETE handler by its name (`dispatchGet`, `handleDeleteRequest`), not a store's `get`. */
const LEGACY_METHOD_HANDLER = /^(handle|dispatch|serve|process|on)(Get|Delete)(Request)?$/;

/**
 * The function is registered only as a GET or DELETE route, or named as the handler of one
 * (judged false on the trial: a dispatcher's `dispatchGet` / `dispatchDelete`): what 2025
 * clients call (streams, termination); 2026-07-28 clients send neither.
 */
function legacyOnlyRoute(fn: P | undefined): boolean {
  if (fn && LEGACY_METHOD_HANDLER.test(functionName(fn) ?? '')) return true;
  const call = fn?.parent?.node as N | undefined;
  if (call?.type !== 'CallExpression' || call.arguments[call.arguments.length - 1] !== fn!.node) return false;
  const method = calleeName(call);
  return (method === 'get' || method === 'delete') && call.arguments.length >= 2 && /^(StringLiteral|TemplateLiteral|Identifier)$/.test(call.arguments[0].type);
}

/** The function already carries a stateless-transport marker: its session routing is said there. */
function markedByTransportRule(c: Ctx, fn: P | undefined): boolean {
  if (!fn) return false;
  const n = fn.node as N;
  return c.source.slice(at(n), end(n)).includes(`${MARKER_PREFIX}stateless-transport)`);
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

/**
 * Identifier references to `name` inside `fn` (not declarations, not property keys). Found from the
 * file's root so each path leads up to the File node: a marker placed on one must find its file.
 */
function references(c: Ctx, fn: N, name: string): P[] {
  const [from, to] = [at(fn), end(fn)];
  return c.find(c.j.Identifier, { name }).filter((p: P) => {
    // An identifier this run wrote (an earlier rewrite in the file) has no place in the text.
    if (!p.node.loc) return false;
    if (at(p.node) < from || end(p.node) > to) return false;
    const parent = p.parent.node as N;
    if (parent.type === 'VariableDeclarator' && parent.id === p.node) return false;
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return false;
    if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.key === p.node && !parent.computed && !parent.shorthand) return false;
    return true;
  }).paths();
}

function statementIn(p: P): P {
  let q = p;
  while (q.parent && !Array.isArray(q.parent.node.body)) q = q.parent;
  return q;
}
