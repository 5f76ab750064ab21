/**
 * Session-map HTTP servers become stateless HTTP services (SEP-2567: no Mcp-Session-Id,
 * any request may land on any instance behind a round-robin balancer).
 *
 * Recognized shape: a Node-style streamable HTTP transport built with a session id
 * generator inside a route handler (express `app|router.post/get/delete/all/use(path, fn)`
 * or `http.createServer(fn)`), optionally stored in a session map (`{}` object or `Map`)
 * from `onsessioninitialized` or right after construction, looked up by the
 * `mcp-session-id` header in the same or sibling handlers, and cleaned up in `onclose`,
 * `onsessionclosed` or a shutdown loop.
 *
 * Targets (by the file's SDK flavor):
 * - v1: every handler that served POST builds a fresh server and a
 *   `new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })` per request,
 *   closes both on `res.on('close')`; handlers that only served GET/DELETE answer 405.
 * - v2: `createMcpHandler(() => buildServer(), { legacy })` mounted with `toNodeHandler` (one
 *   `all` route when the routes allow it, else each handler delegates to it).
 * - v2 with `--legacy keep`: the session code stays as it is, behind a 2026-07-28 leg
 *   (`isLegacyRequest(await toWebRequest(req, body))` → createMcpHandler, legacy 'reject').
 *
 * Never rewritten, one marker instead: servers whose sessions carry server→client requests,
 * subscriptions, pushes or resumable streams (per-request serving would drop them), agents
 * `McpAgent` classes (the Durable Object is named in the wrangler config), SSE routes. Left
 * alone with an info finding: code behind an era check, a library's explicit stateful mode,
 * a `sessionIdGenerator` the caller passes in.
 *
 * Proof before rewrite: every statement of a handler after its leading untouched
 * statements must use only names and members we know to be session plumbing (an
 * allowlist); anything else (auth checks, headers, custom calls) means the handler does
 * something we do not understand, and the whole file gets a marker instead. The server
 * must come from an expression we can call per request (a factory call or `new` inside
 * the handler, or a module-level instance whose setup we can lift into a factory).
 * Never a half rewrite: one refusal anywhere in the file leaves the whole file as is.
 */
import type { API, ASTPath, Collection, FileInfo, JSCodeshift, Options } from 'jscodeshift';
import './lib/catch-scope.ts';
import { ensureNamedImport, removeUnusedImports, sdkFlavor } from './lib/sdk.ts';
import { report, type ReportInput } from './lib/report.ts';
import { isIgnored, mark } from './lib/markers.ts';
import { detectEol, importSemicolons, print } from './lib/print.ts';
import { findMcpAgentClasses, mcpAgentMessage } from './lib/mcp-agent.ts';
import { planAgentRewrite } from './lib/mcp-agent-rewrite.ts';
import { planFastifyMcpPlugin } from './lib/fastify-mcp-plugin.ts';
import { librarySseLeg } from './lib/library-sse.ts';
import { alignOffsets } from './lib/offsets.ts';
import { optInStatefulMode } from './lib/session-modes.ts';
import { isLoggerName, isLogCall } from './lib/log-calls.ts';
import {
  applyEdits,
  indentAt,
  reindent,
  render,
  statementRemoval,
  styleOf,
  type GenLine,
  type Style,
  type TextEdit,
} from './lib/text-edit.ts';

export const meta = {
  id: 'stateless-transport',
  summary: 'Session-map streamable HTTP servers become per-request stateless services (SEP-2567)',
  // Files without an MCP SDK import get only the gateway check (a route reading the session
  // header); every other trigger needs the import.
  // `stateful: true`: the fastify-mcp plugin's session mode (lib/fastify-mcp-plugin.ts);
  // `sseHandlers`, `fastifyMCPSSE`: SSE legs a library serves (lib/library-sse.ts).
  // The session header alone admits a file: a gateway or proxy routes by it without the SDK
  // (gatewayCheck is all such a file gets).
  triggers: [
    // `text/event-stream`: an SSE transport class the file writes itself.
    ...['sessionIdGenerator', 'onsessioninitialized', 'SSEServerTransport', 'McpAgent', 'stateful: true', 'sseHandlers', 'fastifyMCPSSE', 'text/event-stream'].map((t) => ['@modelcontextprotocol/', t]),
    ['mcp-session-id'], ['Mcp-Session-Id'],
  ],
};
export const parser = 'tsx';

const rule = meta.id;
type N = Record<string, any>;
type P = ASTPath<any>;

const V1_NODE_TRANSPORT = /^@modelcontextprotocol\/sdk\/server\/streamableHttp(\.js)?$/;
const V1_WEB_TRANSPORT = /^@modelcontextprotocol\/sdk\/server\/webStandardStreamableHttp(\.js)?$/;
const V1_SSE = /^@modelcontextprotocol\/(sdk\/server\/sse(\.js)?|server-legacy\/sse)$/;
const V1_TYPES = /^@modelcontextprotocol\/sdk\/types(\.js)?$/;
const V2_NODE = /^@modelcontextprotocol\/node$/;
const V2_SERVER = /^@modelcontextprotocol\/server$/;

const ROUTE_METHODS = new Set(['post', 'get', 'delete', 'all', 'use']);
/** A module of its own for the SSE transport (`sse.ts`, `transports/sse/`, `stdioToSse.ts`, `mcp-sse-plugin.ts`). */
function isSseModule(path: string): boolean {
  const parts = path.split('/');
  const base = parts.pop()!.replace(/\.[^.]*$/, '');
  const words = base.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[\s._-]+/);
  return [...words, ...parts].some((w) => w.toLowerCase() === 'sse');
}
const SESSION_OPTIONS = new Set(['sessionIdGenerator', 'onsessioninitialized', 'onsessionclosed', 'eventStore']);
/** v1 transport options of its DNS rebinding check; only `enableDnsRebindingProtection: true` turns it on. */
const REBINDING_OPTIONS = new Set(['enableDnsRebindingProtection', 'allowedHosts', 'allowedOrigins']);
const GLOBALS = new Set(['console', 'undefined', 'JSON', 'Error', 'String', 'Number', 'Boolean', 'Object', 'Array', 'Promise', 'Date']);
const REQ_MEMBERS = new Set(['headers', 'body', 'method', 'url', 'header', 'get']);
const RES_MEMBERS = new Set(['status', 'json', 'send', 'writeHead', 'end', 'headersSent', 'sendStatus', 'statusCode', 'on']);
const TRANSPORT_MEMBERS = new Set(['handleRequest', 'sessionId', 'onclose', 'close']);
const MAP_MEMBERS = new Set(['get', 'set', 'has', 'delete']);

/** Thrown by any proof step; the top level turns it into a marker + manual finding. */
class Refusal {
  readonly path: P;
  readonly category: string;
  readonly message: string;
  constructor(path: P, category: string, message: string) {
    this.path = path;
    this.category = category;
    this.message = message;
  }
}

function refuse(path: P, category: string, message: string): never {
  throw new Refusal(path, category, message);
}

// ---------------------------------------------------------------- AST helpers

function isFunction(n: N | undefined): boolean {
  return !!n && /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ObjectMethod|ClassMethod|ClassPrivateMethod)$/.test(n.type);
}

function isString(n: N | undefined): boolean {
  return !!n && (n.type === 'StringLiteral' || (n.type === 'Literal' && typeof n.value === 'string'));
}

function isSessionHeader(n: N | undefined): boolean {
  return isString(n) && String(n!.value).toLowerCase() === 'mcp-session-id';
}

function unwrap(n: N): N {
  while (n && /^(TSAsExpression|TSNonNullExpression|TSSatisfiesExpression|TSTypeAssertion|ParenthesizedExpression|AwaitExpression)$/.test(n.type)) n = n.expression ?? n.argument;
  return n;
}

function memberName(n: N | undefined): string | undefined {
  if (!n || !/MemberExpression$/.test(n.type) || n.computed) return undefined;
  return n.property?.name;
}

function calleeOf(n: N): N | undefined {
  const u = unwrap(n);
  return u?.type === 'CallExpression' ? u.callee : undefined;
}

function ancestors(path: P): P[] {
  const out: P[] = [];
  for (let p = path.parent; p; p = p.parent) out.push(p);
  return out;
}

/** True when an Identifier path is a reference to a binding (not a key, member name or type). */
function isReference(path: P): boolean {
  const parent = path.parent?.node as N | undefined;
  const node = path.node;
  if (!parent) return true;
  if (/MemberExpression$/.test(parent.type) && parent.property === node && !parent.computed) return false;
  if (/^(ObjectProperty|Property|ObjectMethod|ClassMethod|ClassProperty|ClassPrivateMethod|TSPropertySignature)$/.test(parent.type) && parent.key === node && !parent.computed) return false;
  if (/^(ImportSpecifier|ImportDefaultSpecifier|ImportNamespaceSpecifier|ExportSpecifier|LabeledStatement|BreakStatement|ContinueStatement)$/.test(parent.type)) return false;
  for (let p: P | null = path.parent; p; p = p.parent) {
    const t = (p.node as N).type as string;
    if (/^TS/.test(t) && !/^(TSAsExpression|TSNonNullExpression|TSSatisfiesExpression|TSTypeAssertion)$/.test(t)) return false;
    if (/^TS(AsExpression|SatisfiesExpression|TypeAssertion)$/.test(t)) {
      // The type half of `x as T` is a type position; the expression half is a value.
      let child: P = path;
      while (child.parent !== p) child = child.parent;
      if (child.node !== (p.node as N).expression) return false;
      break;
    }
    if (/Statement$|Declaration$/.test(t)) break;
  }
  return true;
}

function referencedNames(j: JSCodeshift, path: P): Set<string> {
  const names = new Set<string>();
  j(path).find(j.Identifier).forEach((p: P) => {
    if (isReference(p)) names.add(p.node.name);
  });
  if (path.node.type === 'Identifier' && isReference(path)) names.add(path.node.name);
  return names;
}

/** Names declared anywhere inside `path` (variables, params, catch params, inner functions). */
function declaredNames(j: JSCodeshift, path: P): Set<string> {
  const names = new Set<string>();
  const addPattern = (n: N | null | undefined) => {
    if (!n) return;
    if (n.type === 'Identifier') names.add(n.name);
    else if (n.type === 'ObjectPattern') n.properties.forEach((pr: N) => addPattern(pr.value ?? pr.argument));
    else if (n.type === 'ArrayPattern') n.elements.forEach(addPattern);
    else if (n.type === 'AssignmentPattern') addPattern(n.left);
    else if (n.type === 'RestElement') addPattern(n.argument);
    else if (n.type === 'TSParameterProperty') addPattern(n.parameter);
  };
  j(path).find(j.VariableDeclarator).forEach((p: P) => addPattern(p.node.id));
  j(path).find(j.CatchClause).forEach((p: P) => addPattern(p.node.param));
  j(path).find(j.Function).forEach((p: P) => {
    (p.node.params as N[]).forEach(addPattern);
    if (p.node.id) names.add(p.node.id.name);
  });
  if (isFunction(path.node)) (path.node.params as N[]).forEach(addPattern);
  return names;
}

// ---------------------------------------------------------------- imports

interface Names {
  nodeTransports: Set<string>;
  webTransports: Set<string>;
  sse: Set<string>;
  isInit: Set<string>;
  uuid: Set<string>;
  isLegacy: Set<string>;
}

function importNames(j: JSCodeshift, root: Collection): Names {
  const names: Names = { nodeTransports: new Set(), webTransports: new Set(), sse: new Set(), isInit: new Set(), uuid: new Set(), isLegacy: new Set() };
  root.find(j.ImportDeclaration).forEach((p: P) => {
    const source = String(p.node.source.value);
    for (const s of (p.node.specifiers ?? []) as N[]) {
      const local = s.local?.name as string;
      const imported = s.type === 'ImportSpecifier' ? (s.imported.name as string) : undefined;
      if (V1_NODE_TRANSPORT.test(source) && imported === 'StreamableHTTPServerTransport') names.nodeTransports.add(local);
      if (V2_NODE.test(source) && imported === 'NodeStreamableHTTPServerTransport') names.nodeTransports.add(local);
      if ((V1_WEB_TRANSPORT.test(source) || V2_SERVER.test(source)) && imported === 'WebStandardStreamableHTTPServerTransport') names.webTransports.add(local);
      if (V1_SSE.test(source) && imported === 'SSEServerTransport') names.sse.add(local);
      if ((V1_TYPES.test(source) || V2_SERVER.test(source)) && imported === 'isInitializeRequest') names.isInit.add(local);
      if (/^(node:)?crypto$/.test(source) && (imported === 'randomUUID' || !imported)) names.uuid.add(local);
      if (V2_SERVER.test(source) && imported === 'isLegacyRequest') names.isLegacy.add(local);
    }
  });
  return names;
}

// ---------------------------------------------------------------- handler registration

type Kind = 'post' | 'session' | 'all';

interface Registration {
  /** The call statement `app.post('/mcp', fn)` or `http.createServer(fn)`. */
  call: P;
  method: string;
  style: 'express' | 'node';
}

interface Handler {
  fn: P;
  regs: Registration[];
  /** The declaration statement of a named handler (removed when routes collapse). */
  declaration?: P;
}

function registrationOf(argPath: P): Registration | undefined {
  const call = argPath.parent as P;
  const node = call?.node as N | undefined;
  if (!call || !node || node.type !== 'CallExpression' || !node.arguments.includes(argPath.node)) return undefined;
  const callee = node.callee as N;
  const method = memberName(callee);
  if (method && ROUTE_METHODS.has(method) && node.arguments.length >= 2 && node.arguments[node.arguments.length - 1] === argPath.node) {
    const first = call.get('arguments', 0) as P;
    if (routePath(first) !== undefined) return { call, method, style: 'express' };
  }
  const calleeName = callee.type === 'Identifier' ? callee.name : memberName(callee);
  if (calleeName === 'createServer' && node.arguments.find((a: N) => isFunction(a) || a.type === 'Identifier') === argPath.node) {
    return { call, method: 'all', style: 'node' };
  }
  return undefined;
}

function literalString(n: N | undefined): string | undefined {
  if (!n) return undefined;
  if (isString(n)) return String(n.value);
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0].value.cooked;
  return undefined;
}

/** The const declarator a name resolves to in the scope of `at` (not a string match), with its path. */
function constInit(at: P, name: string): { init: N; at: P } | undefined {
  const scope = (at as N).scope?.lookup(name);
  const binding = scope?.getBindings()[name]?.[0] as P | undefined;
  const decl = binding?.parent?.node as N | undefined;
  if (decl?.type !== 'VariableDeclarator' || decl.id !== binding!.node || binding!.parent.parent?.node.kind !== 'const' || !decl.init) return undefined;
  return { init: unwrap(decl.init), at: binding!.parent as P };
}

/**
 * A route's path: a string literal, a const bound to one (`const mcpEndpoint = '/mcp'`), or a
 * property of a const object (`Routes.MCP`), resolved by scope, through a few const aliases.
 */
function routePath(path: P): string | undefined {
  return resolvePath(path.node as N, path, 0);
}

function resolvePath(n: N, at: P, depth: number): string | undefined {
  const direct = literalString(n);
  if (direct !== undefined || depth > 3) return direct;
  if (n.type === 'Identifier') {
    const c = constInit(at, n.name);
    return c ? resolvePath(c.init, c.at, depth + 1) : undefined;
  }
  if (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.property.type === 'Identifier') {
    const obj = constInit(at, n.object.name);
    if (obj?.init.type !== 'ObjectExpression') return undefined;
    const prop = (obj.init.properties as N[]).find((q) => q.type !== 'SpreadElement' && propName(q) === n.property.name);
    return literalString(prop?.value);
  }
  return undefined;
}

function handlerOf(j: JSCodeshift, root: Collection, fn: P): Handler | undefined {
  const direct = registrationOf(fn);
  if (direct) return { fn, regs: [direct] };
  // A named handler: `async function handle(req, res) {}` or `const handle = async (req, res) => {}`.
  let name: string | undefined;
  let declaration: P | undefined;
  if (fn.node.type === 'FunctionDeclaration' && fn.node.id) {
    name = fn.node.id.name;
    declaration = fn;
  } else if (fn.parent?.node.type === 'VariableDeclarator' && fn.parent.node.init === fn.node && fn.parent.node.id.type === 'Identifier') {
    name = fn.parent.node.id.name;
    declaration = fn.parent.parent;
    if ((declaration!.node as N).declarations.length !== 1) return undefined;
  }
  if (!name) return undefined;
  const regs: Registration[] = [];
  let foreign = false;
  root.find(j.Identifier, { name }).forEach((p: P) => {
    if (!isReference(p) || p.parent?.node === fn.parent?.node || p.node === fn.node.id) return;
    const r = registrationOf(p);
    if (r) regs.push(r);
    else foreign = true;
  });
  if (foreign || regs.length === 0) return undefined;
  return { fn, regs, declaration };
}

function enclosingHandler(j: JSCodeshift, root: Collection, path: P): Handler | undefined {
  for (const a of [path, ...ancestors(path)]) {
    if (!isFunction(a.node)) continue;
    const h = handlerOf(j, root, a);
    if (h) return h;
  }
  return undefined;
}

/** The literal paths a handler is registered on ('' for a node:http server, which serves every path). */
function routePaths(h: Handler): string[] {
  return h.regs.map((r) => (r.style === 'express' ? routePath(r.call.get('arguments', 0)) ?? '' : ''));
}

/**
 * Module-level helpers that read the Mcp-Session-Id header off a request and touch nothing of
 * the session plumbing (`function getSessionId(req) { … req.headers['mcp-session-id'] … }`):
 * routes may call them and still be plumbing. Declaration statements by name.
 */
function sessionHeaderHelpers(c: Ctx, mapName: string | undefined, tName: string): Map<string, P> {
  const { j, root, source } = c;
  const out = new Map<string, P>();
  (root.get('program', 'body') as P).filter(() => true).forEach((stmt: P) => {
    const n = stmt.node as N;
    let name: string | undefined;
    let fn: N | undefined;
    if (n.type === 'FunctionDeclaration') { name = n.id?.name; fn = n; }
    else if (n.type === 'VariableDeclaration' && n.declarations.length === 1 && isFunction(n.declarations[0].init ?? {})) { name = n.declarations[0].id?.name; fn = n.declarations[0].init; }
    if (!name || !fn || fn.params.length !== 1 || fn.params[0].type !== 'Identifier') return;
    const text = source.slice(fn.start, fn.end);
    if (!/['"]mcp-session-id['"]/i.test(text) || fn.async || fn.generator) return;
    const own = declaredNames(j, stmt);
    own.add(fn.params[0].name);
    const refs = referencedNames(j, stmt);
    if ([...refs].every((r) => own.has(r) || GLOBALS.has(r) || r === name) && !refs.has(tName) && !(mapName && refs.has(mapName))) out.set(name, stmt);
  });
  return out;
}

/** `map.set(…)` or `map[k] = …`: code that opens a session outside the routes. */
function writesMap(p: P): boolean {
  const parent = p.parent?.node as N;
  if (/MemberExpression$/.test(parent?.type) && parent.object === p.node) {
    const up = p.parent.parent?.node as N;
    if (!parent.computed && parent.property?.name === 'set' && up?.type === 'CallExpression' && up.callee === parent) return true;
    if (parent.computed && up?.type === 'AssignmentExpression' && up.left === parent) return true;
  }
  return false;
}

/** `map.size`, `Object.keys(map)` (and values/entries), `map.keys()`: reads of how many sessions there are. */
function countsOnly(p: P): boolean {
  const parent = p.parent?.node as N;
  if (/MemberExpression$/.test(parent?.type) && parent.object === p.node && !parent.computed) {
    const name = parent.property?.name;
    if (name === 'size') return true;
    const call = p.parent.parent?.node as N;
    return /^(keys|values|entries)$/.test(name) && call?.type === 'CallExpression' && call.callee === parent && call.arguments.length === 0;
  }
  return parent?.type === 'CallExpression' && parent.arguments.length === 1 && parent.arguments[0] === p.node &&
    parent.callee.type === 'MemberExpression' && parent.callee.object.type === 'Identifier' && parent.callee.object.name === 'Object' &&
    /^(keys|values|entries)$/.test(memberName(parent.callee) ?? '');
}

function kindOf(h: Handler): Kind {
  const methods = new Set(h.regs.map((r) => r.method));
  if (methods.has('all') || methods.has('use') || (methods.has('post') && methods.size > 1)) return 'all';
  return methods.has('post') ? 'post' : 'session';
}

// ---------------------------------------------------------------- the plan

interface Plan {
  edits: TextEdit[];
  findings: ReportInput[];
  /** Local names whose imports may be orphaned by the rewrite. */
  maybeUnused: Set<string>;
  addImports: Array<[string, string]>;
}

interface Ctx {
  j: JSCodeshift;
  root: Collection;
  source: string;
  style: Style;
  flavor: 'v1' | 'v2';
  names: Names;
  /** Info findings reported whatever the file's plan turns out to be. */
  infos: ReportInput[];
  /** The file's path, as the engine gave it. */
  path: string;
  /**
   * v2 createMcpHandler's posture toward 2025-era clients (`--legacy`): `keep` puts a
   * 2026-07-28 leg in front of the session code and leaves that code as it is.
   */
  legacy: 'stateless' | 'reject' | 'keep';
}

function textOf(c: Ctx, n: N): string {
  return c.source.slice(n.start, n.end);
}

/** Start of a statement including its leading comments. */
function startWithComments(n: N): number {
  const leading = ((n.comments ?? n.leadingComments ?? []) as N[]).filter((cm) => cm.leading !== false && cm.end <= n.start);
  return Math.min(n.start, ...leading.map((cm) => cm.start));
}

function optionsObject(construction: P): N | undefined {
  const arg = (construction.node as N).arguments[0] as N | undefined;
  return arg?.type === 'ObjectExpression' ? arg : undefined;
}

function propName(p: N): string | undefined {
  if (p.computed) return undefined;
  return p.key?.type === 'Identifier' ? p.key.name : isString(p.key) ? String(p.key.value) : undefined;
}

function isStateful(construction: P): boolean {
  const arg = (construction.node as N).arguments[0] as N | undefined;
  if (!arg) return false;
  const opts = optionsObject(construction);
  if (!opts) return true; // options we cannot read: assume the worst
  return opts.properties.some((p: N) => {
    const name = propName(p);
    if (p.type === 'SpreadElement') return true;
    if (name === 'onsessioninitialized' || name === 'onsessionclosed') return true;
    return name === 'sessionIdGenerator' && !(p.value?.type === 'Identifier' && p.value.name === 'undefined');
  });
}

/**
 * A library that hands its caller's `sessionIdGenerator` to the transport (`options.x`, a
 * parameter, `opts.sessionIdGenerator ?? undefined`) and sets no session callbacks: the
 * caller decides, and the library's API promises that choice.
 */
function generatorFromCaller(construction: P): boolean {
  const opts = optionsObject(construction);
  if (!opts) return false;
  let passed = false;
  for (const p of opts.properties as N[]) {
    const name = propName(p);
    if (p.type === 'SpreadElement' || name === 'onsessioninitialized' || name === 'onsessionclosed') return false;
    if (name !== 'sessionIdGenerator') continue;
    let v = p.shorthand ? p.key : (p.value as N);
    if (v.type === 'LogicalExpression' && v.right.type === 'Identifier' && v.right.name === 'undefined') v = v.left;
    const fromMember = /MemberExpression$/.test(v.type) && !v.computed && v.property?.name === 'sessionIdGenerator';
    const fromParam = v.type === 'Identifier' && ancestors(construction).some((a) => isFunction(a.node) && (a.node as N).params.some((q: N) => q.type === 'Identifier' && q.name === v.name));
    passed = fromMember || fromParam;
  }
  return passed;
}

/**
 * An SSE transport a library builds for its callers: inside an exported function that
 * connects it to a server the caller hands in (`sseHandlers(serverFactory, …)` →
 * `serverFactory().connect(transport)`). The callers choose to mount that 2025-era leg, and
 * their mounts are where 2026-07-28 clients fail; the library's builder has no route to move.
 */
function sseModeForCallers(j: JSCodeshift, construction: P): boolean {
  const chain = ancestors(construction).filter((a) => isFunction(a.node));
  const at = chain.findIndex(exportedBinding);
  if (at === -1) return false;
  const exported = chain[at];
  // Where the builder hands its handler to a call (`app.get('/sse', …)`, `vite.middlewares.use(…)`
  // on what it is given), the route is here: that one keeps its legacy-leg marker. Only
  // handlers it returns are the callers' to mount.
  if (chain.slice(0, at).some((fn) => passedToCall(j, exported, fn))) return false;
  const params = new Set(((exported.node as N).params as N[]).filter((q) => q.type === 'Identifier').map((q) => q.name as string));
  return j(exported).find(j.CallExpression).some((p: P) => {
    const callee = (p.node as N).callee as N;
    if (memberName(callee) !== 'connect') return false;
    const target = unwrap(callee.object);
    const from = target.type === 'CallExpression' ? unwrap(target.callee) : target;
    return from.type === 'Identifier' && params.has(from.name);
  });
}

/**
 * A legacy SSE transport the file writes itself: a class declared here, named for SSE, that
 * has the Transport methods (`start`, `send`, `close`). Built and connected like the SDK's
 * SSEServerTransport, it is the same 2025-era leg.
 */
function handRolledSseClasses(j: JSCodeshift, root: Collection): Set<string> {
  const out = new Set<string>();
  root.find(j.ClassDeclaration).forEach((p: P) => {
    const n = p.node as N;
    const name = n.id?.name as string | undefined;
    if (!name || !/sse/i.test(name)) return;
    const methods = new Set((n.body.body as N[]).filter((m) => m.type === 'ClassMethod' && !m.computed).map((m) => m.key?.name));
    if (['start', 'send', 'close'].every((m) => methods.has(m))) out.add(name);
  });
  return out;
}

/** The function is a call's argument, directly or through the local it is bound to. */
function passedToCall(j: JSCodeshift, within: P, fn: P): boolean {
  const isArg = (p: P) => p.parent?.node.type === 'CallExpression' && (p.parent.node as N).arguments.includes(p.node);
  if (isArg(fn)) return true;
  const bound = fn.parent?.node.type === 'VariableDeclarator' ? (fn.parent.node as N).id : (fn.node as N).id;
  if (bound?.type !== 'Identifier') return false;
  return j(within).find(j.Identifier, { name: bound.name }).some((p: P) => p.node !== bound && isArg(p));
}

/** `export function f`, `export const f = () => …`, `export default function`. */
function exportedBinding(fn: P): boolean {
  const parent = fn.parent?.node as N | undefined;
  if (/^Export(Named|Default)Declaration$/.test(parent?.type ?? '')) return true;
  return parent?.type === 'VariableDeclarator' && fn.parent.parent?.parent?.node.type === 'ExportNamedDeclaration';
}

/** ` (\`name\`)` for the named function or method around `path`, for messages. */
function handlerName(path: P): string {
  for (const a of ancestors(path)) {
    const n = a.node as N;
    if (!isFunction(n)) continue;
    const name = n.id?.name ?? (n.key?.type === 'Identifier' ? n.key.name : undefined) ?? (a.parent?.node?.type === 'VariableDeclarator' ? a.parent.node.id?.name : undefined);
    if (name) return ` (\`${name}\`)`;
  }
  return '';
}

/** Inside a function that takes a request and a response (Express, node:http, fastify, Koa-style). */
function inRequestHandler(construction: P): boolean {
  return ancestors(construction).some((a) => {
    const params = (a.node as N).params as N[] | undefined;
    if (!isFunction(a.node) || !params || params.length < 2) return false;
    const names = params.slice(0, 2).map((q) => (q.type === 'Identifier' ? q.name : ''));
    return /^req(uest)?$/i.test(names[0]) && /^(res(ponse)?|reply)$/i.test(names[1]);
  });
}

/** Statement path directly inside a block/program that holds `path`. */
function statementIn(path: P): P {
  let p = path;
  while (p.parent && !/^(Program|BlockStatement|StaticBlock)$/.test((p.parent.node as N).type)) p = p.parent;
  return p;
}

/**
 * The session map: a local (`transports`) or a field of the class whose method registers the
 * route (`this.transports`, named so in messages).
 */
function holdsMapRef(j: JSCodeshift, path: P, mapName: string | undefined): boolean {
  return isMapRef(path.node as N, mapName) ||
    j(path).find(j.Node).some((q: P) => isMapRef(q.node as N, mapName) && ((q.node as N).type !== 'Identifier' || isReference(q)));
}

function isMapRef(n: N | undefined, mapName: string | undefined): boolean {
  if (!n || !mapName) return false;
  const u = unwrap(n);
  if (mapName.startsWith('this.')) return /MemberExpression$/.test(u.type) && !u.computed && u.object?.type === 'ThisExpression' && u.property?.name === mapName.slice(5);
  return u.type === 'Identifier' && u.name === mapName;
}

/** Callback bodies for onsessioninitialized / onsessionclosed / onclose: only map bookkeeping and logs. */
/**
 * What a session callback may do and still go with the session plumbing: keep the map, log,
 * set a local of the route, and close what a record it looked up holds.
 */
interface Bookkeeping {
  mapName: string | undefined;
  tName: string;
  /** Locals of the route that builds the transport (`opened = id`). */
  routeLocals: Set<string>;
}

function isBookkeeping(n: N | null | undefined, k: Bookkeeping, records: Set<string> = new Set()): boolean {
  const { mapName, tName } = k;
  if (!n) return true;
  if (n.type === 'BlockStatement') {
    const own = new Set(records);
    return n.body.every((s: N) => {
      // `const record = map.get(id)`: a record the callback may close.
      if (s.type === 'VariableDeclaration') {
        return s.declarations.every((d: N) => {
          const init = unwrap(d.init ?? {});
          const ok = d.id.type === 'Identifier' && init.type === 'CallExpression' && isMapRef(init.callee.object, mapName) && memberName(init.callee) === 'get';
          if (ok) own.add(d.id.name);
          return ok;
        });
      }
      return isBookkeeping(s, k, own);
    });
  }
  if (n.type === 'IfStatement') return isBookkeeping(n.consequent, k, records) && isBookkeeping(n.alternate, k, records);
  if (n.type === 'ReturnStatement' && !n.argument) return true;
  let e = unwrap(n.type === 'ExpressionStatement' ? n.expression : n);
  if (!e) return false;
  if (e.type === 'UnaryExpression' && e.operator === 'delete') return isMapRef(unwrap(e.argument).object, mapName);
  if (e.type === 'AssignmentExpression') {
    const left = e.left as N;
    if (left.type === 'Identifier' && k.routeLocals.has(left.name)) return true;
    return /MemberExpression$/.test(left.type) && left.computed && isMapRef(left.object, mapName) && unwrap(e.right).name === tName;
  }
  if ((e.type === 'UnaryExpression' && e.operator === 'void') || e.type === 'AwaitExpression') e = unwrap(e.argument);
  if (e.type === 'CallExpression') {
    const callee = e.callee as N;
    if (isLogCall(e)) return true;
    if (isMapRef(callee.object, mapName) && ['set', 'delete'].includes(memberName(callee) ?? '')) return true;
    if (closesRecord(e, k, records)) return true;
  }
  return false;
}

/** `record.server.close()`, with `.catch(…)` / `.then(…)` handlers that only close or log. */
function closesRecord(e: N, k: Bookkeeping, records: Set<string>): boolean {
  let call = e;
  while (call?.type === 'CallExpression' && ['catch', 'then', 'finally'].includes(memberName(call.callee) ?? '')) {
    const handlers = call.arguments as N[];
    if (!handlers.every((h) => isFunction(h) && (h.body.type === 'BlockStatement' ? isBookkeeping(h.body, k, records) : isLogCall(unwrap(h.body)) || closesRecord(unwrap(h.body), k, records)))) return false;
    call = unwrap(call.callee.object);
  }
  if (call?.type !== 'CallExpression' || memberName(call.callee) !== 'close') return false;
  let root = unwrap(call.callee.object);
  while (/MemberExpression$/.test(root?.type) && !root.computed) root = unwrap(root.object);
  return root?.type === 'Identifier' && records.has(root.name);
}

interface ServerSource {
  /** Generated lines for `const server = ...;` plus its setup statements (v1 body / v2 factory). */
  declLines: GenLine[];
  serverName: string;
  /** The factory expression text for createMcpHandler when it is a single call. */
  factoryCall?: string;
  /** Names the copied code references. */
  refs: Set<string>;
  /** The copied setup awaits (`const locale = await load()`): a v2 factory must be async. */
  awaits?: boolean;
}

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const j = api.jscodeshift;
  const report_ = { file, api, options };
  const root = j(file.source);
  const sdkFlavorOfFile = sdkFlavor(j, root);
  const sdkLess = sdkFlavorOfFile === 'none';
  if (sdkLess && !/mcp-session-id/i.test(file.source)) return undefined;
  const flavor = sdkLess ? 'v1' : sdkFlavorOfFile;
  const names = importNames(j, root);
  // recast hands the parser LF-normalized text, so node offsets index that text: all
  // splicing works on it, and the file's CRLF line endings are restored at the end.
  const lf = file.source.replace(/\r\n/g, '\n');
  const crlf = detectEol(file.source) === '\r\n';
  // Node offsets index recast's rendering of the text (tab indents expanded): splicing needs
  // offsets in the text itself.
  alignOffsets(root.get().node, lf);
  const c: Ctx = { j, root, source: lf, style: { ...styleOf(file.source), eol: '\n' }, flavor, names, infos: [], path: file.path,
    legacy: options.legacy === 'reject' || options.legacy === 'keep' ? options.legacy : 'stateless' };

  let plan: Plan | undefined;
  try {
    plan = sdkLess ? gatewayCheck(c) : planFile(c);
  } catch (err) {
    for (const f of c.infos) report(report_, f);
    if (!(err instanceof Refusal)) throw err;
    if (isIgnored(err.path, rule)) return undefined;
    const changed = mark(j, report_, err.path, { rule, category: err.category, severity: 'warning', message: err.message });
    return changed ? print(root, file.source) : undefined;
  }
  for (const f of c.infos) report(report_, f);
  if (!plan) return undefined;

  for (const f of plan.findings) report(report_, f);
  let text = applyEdits(lf, plan.edits);
  if (crlf) text = text.replace(/\r?\n/g, '\r\n');
  // The rewrite was spliced as text: re-parse (the engine's memoized j caches this tree
  // under the printed output) for the import bookkeeping.
  const next = j(text);
  for (const [source, name] of plan.addImports) ensureNamedImport(j, next, source, name);
  removeUnusedImports(j, next, [...plan.maybeUnused]);
  return importSemicolons(print(next, text), file.source, c.style.semi);
}

function planFile(c: Ctx): Plan | undefined {
  const { j, root } = c;
  const constructions = (classes: Set<string>) =>
    root.find(j.NewExpression).filter((p: P) => p.node.callee.type === 'Identifier' && classes.has(p.node.callee.name)).paths() as P[];

  const ignored = (p: P) => isIgnored(p, rule);
  // Why: an McpAgent is a Durable Object per session. One that only carries a server and its
  // init() becomes a factory behind createMcpHandler; anything more (state, SSE, helpers, a
  // second agent, `--legacy keep`, which keeps the sessions) gets its recipe, not a rewrite.
  const agents = findMcpAgentClasses(j, root).filter((a) => !ignored(a.path));
  for (const extra of agents.slice(1)) {
    c.infos.push({ rule, category: 'mcp-agent-session', severity: 'warning', resolution: 'manual', node: extra.path, message: mcpAgentMessage(extra) });
  }
  let notRewritten: string | undefined;
  if (agents.length === 1 && c.legacy !== 'keep') {
    const agentPlan = planAgentRewrite(j, root, c.source, c.style, c.flavor, agents[0], c.path);
    if (typeof agentPlan === 'string') notRewritten = agentPlan;
    else {
      return {
        edits: agentPlan.edits,
        findings: [
          { rule, category: 'mcp-agent-session', severity: 'warning', resolution: 'fixed', node: agents[0].path, message: agentPlan.fixed },
          { rule, category: 'mcp-agent-session', severity: 'info', resolution: 'manual', node: agents[0].path, message: agentPlan.stub },
        ],
        maybeUnused: new Set(agentPlan.maybeUnused),
        addImports: agentPlan.addImports,
      };
    }
  }
  if (agents.length > 0) refuse(agents[0].path, 'mcp-agent-session', mcpAgentMessage(agents[0], notRewritten));

  // Code behind an era check stays (and `--legacy keep` output stays as it is on the next run).
  const eraCheck = root.find(j.CallExpression).filter((p: P) => (p.node as N).callee.type === 'Identifier' && c.names.isLegacy.has((p.node as N).callee.name)).paths()[0] as P | undefined;
  if (eraCheck) {
    c.infos.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'manual', node: eraCheck,
      message: 'requests are routed by era (isLegacyRequest): the session code behind it serves 2025-era clients and stays as it is (SEP-2567)' });
    return undefined;
  }

  const plugin = planFastifyMcpPlugin(j, root, c.source, c.legacy, sessionFeatures(j, root),
    c.flavor === 'v2' ? { style: c.style, handlerName: freshName(c, 'mcpHandler') } : undefined);
  if (plugin?.kind === 'keep') {
    c.infos.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'manual', node: plugin.at,
      message: 'fastify-mcp in its stateful mode stays as it is (--legacy keep): it serves 2025-era clients their sessions; 2026-07-28 clients need a stateless route (`stateful: false`, or createMcpHandler on SDK v2) (SEP-2567)' });
    return undefined;
  }
  if (plugin?.kind === 'refuse') refuse(plugin.at, 'transport-map-routing', plugin.message);
  if (plugin?.kind === 'rewrite') {
    const findings: ReportInput[] = [{ rule, category: 'transport-map-routing', severity: 'warning', resolution: 'fixed', node: plugin.at,
      message: 'fastify-mcp serves every request statelessly (`stateful: false`: a fresh server from createServer and a `sessionIdGenerator: undefined` transport per POST; GET and DELETE answer 405), and takes no `sessions` store (SEP-2567)' }];
    return { edits: plugin.edits, findings, maybeUnused: new Set(plugin.maybeUnused), addImports: [] };
  }
  if (plugin?.kind === 'v2-route') {
    const findings: ReportInput[] = [{ rule, category: 'transport-map-routing', severity: 'warning', resolution: 'fixed', node: plugin.at,
      message: `fastify-mcp's stateful plugin (SDK v1) replaced by one \`all\` route on ${plugin.endpoint} over createMcpHandler (legacy: '${c.legacy}'): a fresh server from createServer per request, for 2026-07-28 clients${c.legacy === 'stateless' ? ' and, statelessly, 2025-era ones' : ' only'}; the \`sessions\` store goes with the plugin (SEP-2567)` }];
    return { edits: plugin.edits, findings, maybeUnused: new Set(plugin.maybeUnused), addImports: plugin.addImports };
  }

  const sse = [...constructions(c.names.sse), ...constructions(handRolledSseClasses(j, root))];
  // Why: an SSE leg a library serves shows no SDK construction here, but 2026-07-28 clients
  // cannot use it all the same; where the file builds SDK transports too, those decide below.
  const libSse = librarySseLeg(j, root);
  if (libSse && !ignored(libSse.at) && !sse.length && !constructions(c.names.nodeTransports).length && !constructions(c.names.webTransports).length) {
    const what = `legacy HTTP+SSE endpoint served by ${libSse.library}'s ${libSse.sse}`;
    if (c.legacy === 'keep') {
      c.infos.push({ rule, category: 'sse-legacy-transport', severity: 'info', resolution: 'manual', node: libSse.at,
        message: `${what} stays as it is (--legacy keep): it serves 2025-era clients (SEP-2567)` });
      return undefined;
    }
    refuse(libSse.at, 'sse-legacy-transport', libSse.besideStreamable
      ? `${what}, beside a streamable endpoint of the same library: it serves 2025-era clients only (2026-07-28 clients use the streamable one); keep it while they exist, then answer 410 Gone naming the streamable endpoint (SEP-2567)`
      : `${what}, the only endpoint here: 2026-07-28 clients cannot use it; ${c.flavor === 'v2' ? 'serve an `all` route over `toNodeHandler(createMcpHandler(factory))` beside it (SDK v2: the library runs v1)' : `mount the library's stateless streamable endpoint beside it (${libSse.suggest})`} and keep this one for 2025-era clients, or answer 410 Gone naming the new endpoint (SEP-2567)`);
  }
  const passThrough = (p: P) => {
    if (!generatorFromCaller(p)) return true;
    c.infos.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'manual', node: p,
      message: 'sessionIdGenerator comes from the caller\'s options: sessionful only when a caller asks for it; 2026-07-28 callers pass undefined (document that, or serve createMcpHandler on v2)' });
    return false;
  };
  // Why: a library's explicit stateful mode (`statefulHandlers`, `createStatefulTransport`,
  // stateful.ts) is the 2025-era leg its users opt into; its stateless mode serves 2026-07-28.
  const optIn = (p: P) => {
    if (!optInStatefulMode(c.path, p)) return true;
    c.infos.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'manual', node: p,
      message: 'sessionful transport of an explicit stateful mode: it keeps serving 2025-era clients that opt into it; 2026-07-28 clients need the stateless mode (document that the stateful one is 2025-era only) (SEP-2567)' });
    return false;
  };
  const nodeT = constructions(c.names.nodeTransports).filter(isStateful).filter(passThrough).filter(optIn);
  const webT = constructions(c.names.webTransports).filter(isStateful).filter(passThrough).filter(optIn);

  // Why: an SSE server keeps one long-lived stream per client and posts back by session
  // id; there is no per-request form of it. Where it is a legacy leg (a module of its own in a
  // library or gateway, or beside a streamable endpoint) it serves 2025-era clients on purpose,
  // and its marker says so; a sessionful streamable transport beside it gets a finding too.
  const forCallers = sse.filter((p) => !ignored(p) && sseModeForCallers(j, p));
  if (forCallers.length) {
    c.infos.push({ rule, category: 'sse-legacy-transport', severity: 'info', resolution: 'manual', node: forCallers[0],
      message: 'legacy HTTP+SSE mode this module builds for its callers (the server comes from them): a 2025-era leg they choose to mount; 2026-07-28 clients need the stateless streamable mode, so document this one as 2025-era only (SEP-2567)' });
  }
  if (sse.length > 0 && !sse.every((p) => ignored(p) || forCallers.includes(p))) {
    const first = sse.find((p) => !ignored(p) && !forCallers.includes(p))!;
    const streamable = [...constructions(c.names.nodeTransports), ...constructions(c.names.webTransports)].filter((p) => !ignored(p));
    const legacyLeg = isSseModule(c.path) || streamable.length > 0;
    const sessionful = streamable.filter(isStateful).filter((p) => !generatorFromCaller(p) && !optInStatefulMode(c.path, p));
    if (sessionful.length) {
      // The file's one marker goes where 2026-07-28 clients fail: the sessionful streamable
      // route; the SSE route beside it is a legacy leg and stays for 2025-era clients.
      c.infos.push({ rule, category: 'sse-legacy-transport', severity: 'info', resolution: 'manual', node: first,
        message: 'legacy HTTP+SSE transport beside a streamable endpoint: it serves 2025-era clients; keep it while they exist (on v2: @modelcontextprotocol/server-legacy/sse), then answer 410 Gone naming the streamable endpoint (SEP-2567)' });
      refuse(sessionful[0], 'transport-map-routing',
        'sessionful streamable transport in a file that also serves legacy SSE: 2026-07-28 requests carry no Mcp-Session-Id, so make this route stateless by hand (a fresh server and `sessionIdGenerator: undefined` transport per request; on v2 createMcpHandler), keeping the SSE route for 2025-era clients (SEP-2567)');
    }
    // One marker per SSE route (the precision issue, rule 3), saying what is true of this one.
    refuse(first, 'sse-legacy-transport', legacyLeg
      ? `legacy HTTP+SSE transport for 2025-era clients: 2026-07-28 clients cannot use it and need ${streamable.length > 0 ? 'the streamable HTTP endpoint' : 'a stateless streamable HTTP endpoint (add one if this server has none yet)'}; keep this while 2025 clients exist (on v2: @modelcontextprotocol/server-legacy/sse), then answer 410 Gone naming the streamable endpoint (SEP-2567)`
      : c.flavor === 'v2'
        ? 'legacy HTTP+SSE endpoint, the only one here: 2026-07-28 clients cannot use it; serve `createMcpHandler(() => buildServer())` on a streamable HTTP route beside it, keep this route for 2025-era clients with @modelcontextprotocol/server-legacy/sse, or answer 410 Gone naming the new endpoint (SEP-2567)'
        : 'legacy HTTP+SSE endpoint, the only one here: 2026-07-28 clients cannot use it; add a stateless streamable HTTP route beside it (a fresh server and `sessionIdGenerator: undefined` transport per request) and keep this one for 2025-era clients, or answer 410 Gone naming the new endpoint (SEP-2567)');
  }
  // Why: web-standard handlers return a Response and are mounted in many different ways
  // (Hono, Workers, Bun); we do not rewrite them blind.
  if (webT.length > 0 && !webT.every(ignored)) {
    refuse(webT.find((p) => !ignored(p))!, 'transport-map-routing',
      c.flavor === 'v2'
        ? 'sessionful web-standard transport: serve `createMcpHandler(() => buildServer()).fetch` per request instead of a session map (SEP-2567)'
        : 'sessionful web-standard transport: build the server and a `new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined })` per request and return `transport.handleRequest(request)` (SEP-2567)');
  }
  const stateful = nodeT.filter((p) => !ignored(p));
  if (stateful.length === 0) return gatewayCheck(c);
  if (stateful.length > 1) {
    refuse(stateful[1], 'transport-map-routing', 'several sessionful transports in one file: make each route build a stateless transport per request by hand (SEP-2567)');
  }
  return planRewrite(c, stateful[0]);
}

/** No sessionful transport here, but the session header is read: a gateway or proxy. */
function gatewayCheck(c: Ctx): undefined {
  const { j, root } = c;
  const reads = root.find(j.Node).filter((p: P) => {
    const n = p.node as N;
    if (/MemberExpression$/.test(n.type) && n.computed && isSessionHeader(n.property) && memberName(n.object) === 'headers') return true;
    if (n.type === 'CallExpression' && ['get', 'header'].includes(memberName(n.callee) ?? '') && isSessionHeader(n.arguments[0])) return true;
    return false;
  });
  // Only reads inside an HTTP route handler: a client reading the header from a
  // response is client session handling, not a gateway.
  const first = reads.paths().find((p: P) => !isIgnored(p, rule) && enclosingHandler(j, root, p)) as P | undefined;
  if (!first) return undefined;
  // A route that hands the request to an MCP transport it looked up is a server whose
  // transports are built elsewhere (a factory module), not a gateway to upstream state.
  const handler = enclosingHandler(j, root, first)!;
  const servesMcp = j(handler.fn).find(j.CallExpression).some((p: P) => memberName((p.node as N).callee) === 'handleRequest');
  if (servesMcp) {
    refuse(first, 'transport-map-routing',
      'routes requests to sessionful transports by the Mcp-Session-Id header, with the transports built outside this file: 2026-07-28 requests carry no session id, so serve each of them with a fresh server and a stateless transport (`sessionIdGenerator: undefined`) per request, closed when the response ends, and keep this routing for 2025-era clients (SEP-2567)');
  }
  // Why: the header routes each request to upstream state (a process, a connection);
  // 2026-07-28 has no session header, so the routing needs a designed replacement.
  refuse(first, 'gateway-sticky-routing',
    'routes by the Mcp-Session-Id header, which 2026-07-28 removes (SEP-2567); route on an explicit state handle or the auth principal instead, or keep this endpoint on the 2025 protocol');
}

function planRewrite(c: Ctx, construction: P): Plan {
  const { j, root, source } = c;
  const findings: ReportInput[] = [];
  const edits: TextEdit[] = [];
  const maybeUnused = new Set<string>([...c.names.isInit, ...c.names.uuid, ...c.names.nodeTransports]);

  // 1. The transport binding.
  const parent = construction.parent.node as N;
  let tName: string | undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') tName = parent.id.name;
  else if (parent.type === 'AssignmentExpression' && parent.left.type === 'Identifier') tName = parent.left.name;
  else if (parent.type === 'AssignmentExpression' && parent.left.object?.type === 'ThisExpression') {
    refuse(construction, 'transport-map-routing',
      'session manager class keeps transports on `this`: replace it with a per-request stateless transport (v1) or createMcpHandler (v2) by hand (SEP-2567)');
  }
  if (!tName) refuse(construction, 'transport-map-routing', 'sessionful transport built in a shape this rule does not follow; make it per-request stateless by hand (SEP-2567)');

  // 2. Where it is built: inside a registered route handler, or we do not follow it.
  const owner = enclosingHandler(j, root, construction);
  if (!owner) {
    const topLevel = !ancestors(construction).some((a) => isFunction(a.node));
    refuse(construction, topLevel ? 'transport-setup-only' : 'transport-map-routing', topLevel
      ? 'one module-level transport with a session id generator serves every client as one session; a stateless transport serves one request, so build server and transport per request in the route (SEP-2567)'
      : inRequestHandler(construction)
        ? `sessionful transport built in a request handler${handlerName(construction)} that this rule does not see registered on a route (a method or function a dispatcher calls): 2026-07-28 requests carry no Mcp-Session-Id, so serve them with a fresh server and a stateless transport per request there by hand, keeping for 2025-era clients whatever the session carries (SEP-2567)`
        : 'sessionful transport created in a helper or session manager, away from the route: 2026-07-28 requests carry no Mcp-Session-Id, so have the route build a fresh server and a stateless transport per request by hand, keeping for 2025-era clients whatever the session carries (SEP-2567)');
  }
  const ownerKind = kindOf(owner);
  if (ownerKind === 'session') refuse(construction, 'transport-map-routing', 'transport created in a GET/DELETE-only route: not a shape this rule follows');

  // 3. The session map (optional: a transport with a generator but no map is setup-only).
  let mapName: string | undefined;
  // A record per session (`{ server, transport, lastActivity }`) is stored like the transport.
  let records = false;
  const storesTransport = (v: N | undefined) => {
    const u = unwrap(v ?? {});
    if (u.name === tName) return true;
    if (u.type !== 'ObjectExpression' || !(u.properties as N[]).some((q) => /^(ObjectProperty|Property)$/.test(q.type) && unwrap(q.value).name === tName)) return false;
    records = true;
    return true;
  };
  const stores = root.find(j.Node).filter((p: P) => {
    const n = p.node as N;
    if (n.type === 'AssignmentExpression' && /MemberExpression$/.test(n.left.type) && n.left.computed && storesTransport(n.right)) return true;
    if (n.type === 'CallExpression' && memberName(n.callee) === 'set' && n.arguments.length === 2 && storesTransport(n.arguments[1])) return true;
    return false;
  });
  const mapObjects = new Set<string>();
  stores.forEach((p: P) => {
    const n = p.node as N;
    const obj = unwrap(n.type === 'AssignmentExpression' ? n.left.object : n.callee.object);
    if (obj.type === 'MemberExpression' && obj.object.type === 'ThisExpression' && !obj.computed && obj.property.type === 'Identifier') {
      mapObjects.add(`this.${obj.property.name}`);
      return;
    }
    if (obj.type !== 'Identifier') {
      refuse(p, 'transport-map-routing', 'transports are stored on an object property (session manager): replace it with per-request stateless transports by hand (SEP-2567)');
    }
    mapObjects.add(obj.name);
  });
  if (mapObjects.size > 1) refuse(construction, 'transport-map-routing', 'transport stored in several maps: not a shape this rule follows');
  mapName = [...mapObjects][0];

  const handlers = new Map<object, Handler>([[owner.fn.node, owner]]);
  const counted: P[] = [];
  let mapDecl: P | undefined;
  let mapStatement: P | undefined;
  let mapOnThis = false;
  if (mapName) {
    const field = mapName.startsWith('this.') ? mapName.slice(5) : undefined;
    mapOnThis = !!field;
    const cls = field ? ancestors(construction).find((a) => /^Class(Declaration|Expression)$/.test(a.node.type)) : undefined;
    if (field && !cls) refuse(construction, 'transport-map-routing', `session map \`${mapName}\` is not a field of a class here; make the routes per-request stateless by hand (SEP-2567)`);
    const decls = field
      ? ((cls!.get('body', 'body') as P).filter((m: P) => (m.node as N).type === 'ClassProperty' && !(m.node as N).computed && (m.node as N).key?.name === field) as P[])
      : root.find(j.VariableDeclarator, { id: { type: 'Identifier', name: mapName } }).paths() as P[];
    const init = decls.length === 1 ? unwrap((field ? decls[0].node.value : decls[0].node.init) ?? {}) : undefined;
    const okInit = init && ((init.type === 'ObjectExpression' && init.properties.length === 0) ||
      (init.type === 'NewExpression' && init.callee.name === 'Map' && init.arguments.length === 0));
    if (!okInit || (field ? decls[0].node.static : decls[0].parent.node.declarations.length !== 1)) {
      refuse(construction, 'transport-map-routing', `session map \`${mapName}\` is declared in a shape this rule does not follow; make the routes per-request stateless by hand (SEP-2567)`);
    }
    mapDecl = mapStatement = field ? decls[0] : decls[0].parent as P;
    if ((mapDecl.node as N).type === 'VariableDeclaration' && mapDecl.parent?.node.type === 'ExportNamedDeclaration') {
      refuse(mapDecl, 'transport-map-routing', `session map \`${mapName}\` is exported; other modules route by session id: migrate them together by hand (SEP-2567)`);
    }
    edits.push(statementRemoval(source, startWithComments(mapDecl.node as N), (mapDecl.node as N).end));

    // Every use of the map is in the MCP route's handlers, a shutdown loop we can drop, or a
    // count another route reports (a health check): that one keeps the map, empty from now on.
    const mcpPaths = routePaths(owner);
    const uses = field
      ? (j(cls!).find(j.MemberExpression).filter((p: P) => isMapRef(p.node as N, mapName)).paths() as P[])
      : (root.find(j.Identifier, { name: mapName }).filter((p: P) => isReference(p) && p.parent.node !== decls[0].node).paths() as P[]);
    uses.forEach((p: P) => {
      const h = enclosingHandler(j, root, p);
      const elsewhere = h && !routePaths(h).every((r) => mcpPaths.includes(r));
      if (h && !elsewhere) {
        if (!handlers.has(h.fn.node)) handlers.set(h.fn.node, h);
        return;
      }
      const loop = h ? undefined : ancestors(p).find((a) => /^For(In|Of)Statement$/.test(a.node.type) && holdsMapRef(j, a.get('right'), mapName));
      const clear = !h && p.parent.node.type === 'MemberExpression' && memberName(p.parent.node) === 'clear' ? statementIn(p) : undefined;
      const drop = loop ?? clear;
      // Why: code outside the routes that walks session records (idle reapers, shutdown loops)
      // reads what the record holds besides routing; it stays, over a map nothing fills now.
      if (!h && records && !writesMap(p)) {
        counted.push(p);
        return;
      }
      if (!drop && countsOnly(p)) {
        counted.push(p);
        return;
      }
      if (h) {
        refuse(p, 'session-keyed-state', `route ${routePaths(h).map((r) => `\`${r}\``).join(', ')} uses session map \`${mapName}\` for more than counting it; that route depends on sessions: migrate it by hand (SEP-2567)`);
      }
      if (!drop) {
        refuse(p, 'session-keyed-state', `session map \`${mapName}\` is used outside the MCP routes; that code depends on sessions: migrate it by hand (SEP-2567)`);
      }
      const e = statementRemoval(source, startWithComments(drop.node as N), (drop.node as N).end);
      if (!edits.some((x) => x.start === e.start)) edits.push(e);
    });
  }

  if (counted.length > 0) {
    // The declaration stays: what counts it still builds and reports 0 sessions.
    const at = mapDecl!.node as N;
    edits.splice(edits.findIndex((e) => e.start <= at.start && e.end >= at.end), 1);
    const places = [...new Set(counted.map((p) => { const h = enclosingHandler(j, root, p); return h ? `route ${routePaths(h).join(', ')}` : `line ${p.node.loc?.start.line}`; }))];
    const where = places.join(' and ');
    findings.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'manual', node: counted[0],
      message: records
        ? `session map \`${mapName}\` stays declared for the code at ${where}, which reads its records (an idle reaper, a shutdown loop): no request opens a session any more, so it finds none; drop it when 2025-era sessions are gone (SEP-2567)`
        : `session map \`${mapName}\` stays declared for ${where}, which counts it: no request opens a session any more, so it counts 0; drop that count when 2025-era sessions are gone (SEP-2567)` });
    mapDecl = undefined;
  }

  // 4. The server the transport connects to.
  const editsBefore = edits.length;
  const server = serverSource(c, owner, construction, tName!, edits, findings);
  const lifted = edits.length > editsBefore;

  const needs = sessionFeatures(j, root);
  if (c.legacy === 'keep') return keepPlan(c, owner, server, construction, needs, lifted);
  // Why: a per-request server drops what the session carried besides routing; rewriting
  // would silently break it for the 2025-era clients this endpoint serves today.
  if (needs.length > 0) {
    refuse(construction, 'transport-map-routing',
      `this server uses its sessions for ${needs.join(', ')}, which a per-request server cannot carry, so the route is not rewritten: keep this sessionful endpoint for 2025-era clients and put a 2026-07-28 leg in front of it (\`--sdk v2 --legacy keep\` writes it: \`isLegacyRequest\` → this code, else createMcpHandler), with those features in their stateless form there (server→client requests become input_required results, SEP-2322) (SEP-2567)`);
  }

  // 5. Transport options: drop the session ones, keep the rest.
  const opts = optionsObject(construction)!;
  const kept: string[] = [];
  const handlerOptions: string[] = [];
  const rebinding = new Map<string, N>();
  for (const p of opts.properties as N[]) {
    const name = propName(p);
    if (p.type === 'SpreadElement' || !name) refuse(construction, 'transport-map-routing', 'transport options built with a spread or computed key: make it stateless by hand (SEP-2567)');
    if (name === 'onsessioninitialized' || name === 'onsessionclosed') {
      const fn = p.type === 'ObjectMethod' ? p : p.value;
      const body = isFunction(fn) ? (fn.body.type === 'BlockStatement' ? fn.body : { type: 'ExpressionStatement', expression: fn.body }) : undefined;
      if (!body || !isBookkeeping(body, { mapName, tName: tName!, routeLocals: declaredNames(j, owner.fn) })) {
        // Why: the callback does more than keep the map; that behavior has no stateless form.
        refuse(construction, 'session-keyed-state', `\`${name}\` does more than record the transport in the session map; with no sessions it never runs, so move that work by hand (SEP-2567)`);
      }
    } else if (name === 'eventStore') {
      findings.push({ rule, category: 'transport-map-routing', severity: 'warning', resolution: 'fixed', node: p,
        message: 'removed `eventStore`: resumable streams need a session; per-request transports answer each POST on its own response (SEP-2567)' });
    } else if (c.flavor === 'v2' && REBINDING_OPTIONS.has(name)) {
      rebinding.set(name, p);
    } else if (c.flavor === 'v2' && name === 'enableJsonResponse' && p.value?.type === 'BooleanLiteral') {
      // Never streaming a POST response is createMcpHandler's `responseMode: 'json'`.
      if (p.value.value) handlerOptions.push(`responseMode: 'json'`);
    } else if (!SESSION_OPTIONS.has(name)) {
      kept.push(textOf(c, p));
      if (c.flavor === 'v2') {
        refuse(construction, 'transport-map-routing', `transport option \`${name}\` has no automatic createMcpHandler equivalent; move it by hand (createMcpHandler options: responseMode, legacy, onerror) (SEP-2567)`);
      }
    }
  }

  const hostCheck = c.flavor === 'v2' ? hostGuard(c, construction, rebinding, findings) : undefined;

  // 6. Prove every handler and build its new body.
  let bodyArg: string | undefined;
  const ownerHandle = handleRequestCalls(j, owner.fn, tName!);
  if (ownerHandle.length === 0) refuse(construction, 'transport-map-routing', 'no `transport.handleRequest(req, res)` in the route that builds the transport: not a shape this rule follows');
  // A GET or DELETE branch hands its request over without a body; only the bodies must agree.
  const args = new Set(ownerHandle.filter((call) => call.node.arguments[2]).map((call) => textOf(c, call.node.arguments[2])));
  if (args.size > 1) refuse(ownerHandle[0], 'transport-map-routing', 'handleRequest is called with different bodies: not a shape this rule follows');
  bodyArg = [...args][0] || undefined;

  const headerHelpers = sessionHeaderHelpers(c, mapName, tName!);
  const allowed = new Set<string>([
    ...GLOBALS, ...c.names.isInit, ...c.names.uuid, ...c.names.nodeTransports, ...server.refs, tName!, server.serverName,
    ...(mapName ? [mapName] : []), ...headerHelpers.keys(),
  ]);
  // Option values (kept ones are copied; dropped ones go with the session plumbing).
  for (const n of referencedNames(j, construction.get('arguments', 0))) allowed.add(n);

  const proven = [...handlers.values()].map((h) => proveHandler(c, h, allowed, tName!, mapName, server.serverName));
  if (proven.some((h) => h.kind !== 'session' && h.handler !== owner)) {
    refuse(construction, 'transport-map-routing', 'more than one route serves POST for this session map: not a shape this rule follows');
  }

  // A helper that only read the session header for these routes goes with them.
  for (const [name, decl] of headerHelpers) {
    const inReplaced = (p: P) => proven.some((h) => p.node.start >= h.body.start && p.node.end <= h.body.end && !(h.prefix && p.node.start >= h.prefix.start && p.node.end <= h.prefix.end));
    const refs = root.find(j.Identifier, { name }).filter((p: P) => isReference(p) && p.node !== (decl.node as N).id && !(p.node.start >= (decl.node as N).start && p.node.end <= (decl.node as N).end)).paths() as P[];
    if (refs.length && refs.every(inReplaced)) {
      edits.push(statementRemoval(source, startWithComments(decl.node as N), (decl.node as N).end));
      findings.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'fixed', node: decl,
        message: `\`${name}()\` read the Mcp-Session-Id header for the session routes only; it goes with them (SEP-2567)` });
    }
  }

  // 7. Write it.
  if (c.flavor === 'v1') {
    for (const h of proven) {
      edits.push(v1Body(c, h, server, kept, bodyArg, tName!));
      const unused = unusedRequestParam(c, h);
      if (unused) edits.push(unused);
    }
  } else {
    // A class field cannot become the handler's `const`: that goes in front of the route instead.
    v2Rewrite(c, proven, server, bodyArg, mapOnThis ? undefined : mapDecl, edits, handlerOptions, hostCheck);
    edits.sort((a, b) => a.start - b.start);
  }

  findings.push(mapName
    ? { rule, category: 'transport-map-routing', severity: 'warning', resolution: 'fixed', node: mapStatement,
        message: `session map \`${mapName}\` ${counted.length ? 'no longer routes requests; they are served' : 'replaced'} by ${c.flavor === 'v1' ? 'a fresh server and stateless transport per request; GET/DELETE answer 405' : 'createMcpHandler (one fresh server per request)'} (SEP-2567)` }
    : { rule, category: 'transport-setup-only', severity: 'warning', resolution: 'fixed', node: construction,
        message: `session id generator removed: ${c.flavor === 'v1' ? 'the route builds a stateless transport per request' : 'the route is served by createMcpHandler'} (SEP-2567)` });

  const addImports: Array<[string, string]> = c.flavor === 'v2'
    ? [['@modelcontextprotocol/server', 'createMcpHandler'], ['@modelcontextprotocol/node', 'toNodeHandler']]
    : [];
  if (hostCheck) addImports.push(['@modelcontextprotocol/node', 'hostHeaderValidation']);
  return { edits, findings, maybeUnused, addImports };
}

/**
 * v2: the v1 transport's DNS rebinding check becomes `hostHeaderValidation(hostnames)` from
 * @modelcontextprotocol/node in front of the handler (v2 compares the Host header's hostname,
 * port-agnostic). Returns the hostname literals, or undefined when the v1 check was off (its
 * lists did nothing then). Hosts named by expressions, and origin lists, are left to a person.
 */
function hostGuard(c: Ctx, construction: P, options: Map<string, N>, findings: ReportInput[]): string[] | undefined {
  if (options.size === 0) return undefined;
  const value = (name: string) => {
    const p = options.get(name);
    return p ? (p.shorthand ? p.key : p.value) as N : undefined;
  };
  const on = value('enableDnsRebindingProtection');
  if (on && on.type !== 'BooleanLiteral') refuse(construction, 'transport-map-routing', '`enableDnsRebindingProtection` is not a literal true/false: move the Host/Origin check in front of createMcpHandler by hand (hostHeaderValidation from @modelcontextprotocol/node) (SEP-2567)');
  const hosts = value('allowedHosts');
  // An origin list the v1 check enforced is a security behaviour: never dropped in passing.
  if (on?.value && value('allowedOrigins')) refuse(construction, 'transport-map-routing', '`allowedOrigins` has no automatic createMcpHandler equivalent: put originValidation from @modelcontextprotocol/node in front of the handler by hand (SEP-2567)');
  if (!on?.value || !hosts) {
    findings.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'fixed', node: options.values().next().value,
      message: 'dropped the DNS rebinding options: with them the v1 transport checked nothing (it checks only with `enableDnsRebindingProtection: true` and a host list) (SEP-2567)' });
    return undefined;
  }
  const names: string[] = [];
  for (const el of (hosts.type === 'ArrayExpression' ? hosts.elements : [undefined]) as Array<N | undefined>) {
    // `host:port` (literal, or a template whose host part is literal): v2 checks the hostname only.
    const literal = el?.type === 'StringLiteral' ? String(el.value)
      : el?.type === 'TemplateLiteral' && /:$/.test(String(el.quasis[0].value.cooked)) ? String(el.quasis[0].value.cooked) : undefined;
    const host = literal?.replace(/:\d*$/, '');
    if (!host || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i.test(host)) {
      refuse(construction, 'transport-map-routing', '`allowedHosts` names a host the rule cannot read as a literal hostname: put hostHeaderValidation([...hostnames]) from @modelcontextprotocol/node in front of the handler by hand (SEP-2567)');
    }
    if (!names.includes(host)) names.push(host);
  }
  findings.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'fixed', node: options.get('allowedHosts'),
    message: `DNS rebinding protection kept: hostHeaderValidation([${names.join(', ')}]) answers other Host headers with 403 before createMcpHandler (hostnames only: v2 does not compare ports) (SEP-2567)` });
  return names;
}

/**
 * `--legacy keep`: the route keeps its session code for 2025-era clients, and a 2026-07-28 leg
 * in front of it sends modern requests to a strict createMcpHandler (the SDK's
 * examples/legacy-routing shape: `isLegacyRequest(await toWebRequest(req, body))`).
 */
function keepPlan(c: Ctx, owner: Handler, server: ServerSource, construction: P, needs: string[], lifted: boolean): Plan {
  const { j, source, style } = c;
  const at = owner.regs[0].call;
  if (c.flavor !== 'v2') refuse(construction, 'transport-map-routing', '--legacy keep needs SDK v2 (isLegacyRequest, createMcpHandler): run with --sdk v2, or use --legacy stateless for the v1 per-request idiom (SEP-2567)');
  const fn = owner.fn.node as N;
  const params = fn.params as N[];
  if (!owner.regs.every((r) => r.style === 'express') || params.length < 2 || params[0].type !== 'Identifier' || params[1].type !== 'Identifier' || fn.body.type !== 'BlockStatement') {
    refuse(at, 'transport-map-routing', 'the 2026-07-28 leg goes in front of an Express `(req, res)` route with a block body; put `isLegacyRequest` in front of this one by hand (SEP-2567)');
  }
  if (!server.factoryCall) refuse(at, 'transport-map-routing', 'the server is set up inline in the route: give it a factory that the 2026-07-28 leg (createMcpHandler) can call, by hand (SEP-2567)');
  // Why: lifting a shared instance into a factory would take it away from the session code
  // that --legacy keep leaves as it is.
  if (lifted) refuse(at, 'transport-map-routing', `one module-level server \`${server.serverName}\` serves every session: give it a factory both legs call (createMcpHandler needs one per request), by hand, then run --legacy keep again (SEP-2567)`);
  const routeLocals = declaredNames(j, owner.fn);
  for (const r of server.refs) {
    if (routeLocals.has(r)) refuse(at, 'transport-map-routing', `the server is built from the route's \`${r}\`; createMcpHandler's factory gets { authInfo, requestInfo } instead: add the 2026-07-28 leg by hand (SEP-2567)`);
  }
  const calls = handleRequestCalls(j, owner.fn, (construction.parent.node as N).id?.name ?? (construction.parent.node as N).left?.name);
  const body = calls[0]?.node.arguments[2] ? textOf(c, calls[0].node.arguments[2]) : undefined;
  if (!body) refuse(at, 'transport-map-routing', 'the route reads no parsed body (`handleRequest(req, res, body)`): the 2026-07-28 leg needs it to classify the request; add it by hand (SEP-2567)');
  const req = params[0].name as string;
  const res = params[1].name as string;
  const handlerName = freshName(c, 'mcpHandler');
  const stmts = fn.body.body as N[];
  const inner = stmts.length ? indentAt(source, stmts[0].start) : indentAt(source, fn.body.start) + style.unit;
  const leg = render([
    [0, '// 2026-07-28 requests go to the stateless handler; 2025-era ones keep the session code below.'],
    [0, `if (!(await isLegacyRequest(await toWebRequest(${req}, ${body})))) {`],
    [1, `await ${handlerName}(${req}, ${res}, ${body});`],
    [1, 'return;'],
    [0, '}'],
  ], inner, style);
  const edits: TextEdit[] = [{ start: fn.body.start + 1, end: fn.body.start + 1, text: `${style.eol}${leg}` }];
  const firstStmt = statementIn(owner.regs.reduce((a, b) => (a.call.node.start < b.call.node.start ? a : b)).call);
  const indent = indentAt(source, (firstStmt.node as N).start);
  const decl = render([[0, `const ${handlerName} = toNodeHandler(createMcpHandler(() => ${server.factoryCall}, { legacy: 'reject' }));`]], indent, style);
  const anchor = startWithComments(firstStmt.node as N);
  edits.push({ start: anchor, end: anchor, text: `${decl.slice(indent.length)}${style.eol}${style.eol}${indent}` });
  const findings: ReportInput[] = [{ rule, category: 'transport-map-routing', severity: 'warning', resolution: 'fixed', node: construction,
    message: `2026-07-28 leg in front of the sessionful route (--legacy keep): modern requests go to createMcpHandler (legacy: 'reject'); 2025-era clients keep this session code (SEP-2567)` }];
  if (needs.length) {
    findings.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'manual', node: construction,
      message: `the session code keeps ${needs.join(', ')} for 2025-era clients; on the 2026-07-28 leg they need their stateless form (server→client requests become input_required results, SEP-2322)` });
  }
  return { edits, findings, maybeUnused: new Set(), addImports: [['@modelcontextprotocol/server', 'createMcpHandler'], ['@modelcontextprotocol/server', 'isLegacyRequest'], ['@modelcontextprotocol/node', 'toNodeHandler'], ['@modelcontextprotocol/node', 'toWebRequest']] };
}

const SERVER_TO_CLIENT = new Set(['elicitInput', 'createMessage', 'listRoots']);
const LIST_CHANGED = new Set(['sendResourceListChanged', 'sendToolListChanged', 'sendPromptListChanged']);
const PUSH_MEMBERS = /^(register(Tool|Resource|Prompt)|tool|resource|prompt|send[A-Z]\w*|notification)$/;

/**
 * What a file's server does with its session besides routing requests: server→client
 * requests, resource subscriptions, pushes outside a request (list changes, timers),
 * resumable streams. Each is named once, in this order.
 */
function sessionFeatures(j: JSCodeshift, root: Collection): string[] {
  const found = new Set<string>();
  const members = new Set<string>();
  root.find(j.CallExpression).forEach((p: P) => {
    const m = memberName((p.node as N).callee);
    if (m) members.add(m);
  });
  if ([...SERVER_TO_CLIENT].some((m) => members.has(m))) found.add(`server→client requests (${[...SERVER_TO_CLIENT].filter((m) => members.has(m)).join(', ')})`);
  if (members.has('sendResourceUpdated') || root.find(j.Identifier, { name: 'SubscribeRequestSchema' }).length > 0) found.add('resource subscriptions');
  if ([...LIST_CHANGED].some((m) => members.has(m)) || timerPushes(j, root)) found.add('notifications pushed outside a request');
  if (members.has('closeSSEStream') || members.has('closeStandaloneSSEStream')) found.add('resumable streams (closeSSEStream with event-store replay)');
  return [...found];
}

/** A setInterval callback that registers or sends on a server, directly or through a local function. */
function timerPushes(j: JSCodeshift, root: Collection): boolean {
  const localFns = new Map<string, N>();
  root.find(j.VariableDeclarator).forEach((p: P) => {
    if ((p.node as N).id.type === 'Identifier' && isFunction((p.node as N).init)) localFns.set((p.node as N).id.name, (p.node as N).init);
  });
  root.find(j.FunctionDeclaration).forEach((p: P) => {
    if ((p.node as N).id) localFns.set((p.node as N).id.name, p.node as N);
  });
  const pushes = (fn: N, depth: number): boolean => {
    let hit = false;
    j(fn as never).find(j.CallExpression).forEach((p: P) => {
      const callee = (p.node as N).callee;
      const m = memberName(callee);
      if (m && PUSH_MEMBERS.test(m)) hit = true;
      else if (callee.type === 'Identifier' && depth < 1 && localFns.has(callee.name) && localFns.get(callee.name) !== fn) hit ||= pushes(localFns.get(callee.name)!, depth + 1);
    });
    return hit;
  };
  return root.find(j.CallExpression, { callee: { type: 'Identifier', name: 'setInterval' } }).paths()
    .some((p: P) => isFunction((p.node as N).arguments[0]) && pushes((p.node as N).arguments[0], 0));
}

function handleRequestCalls(j: JSCodeshift, fn: P, tName: string): P[] {
  return j(fn).find(j.CallExpression).filter((p: P) => {
    const callee = p.node.callee as N;
    return memberName(callee) === 'handleRequest' && callee.object?.type === 'Identifier' && callee.object.name === tName;
  }).paths() as P[];
}

/**
 * `const locale = await pickLocale()` beside the server's setup: a const of the same block
 * read only by that setup goes with it (it was computed per session, now per request).
 */
function setupLocals(c: Ctx, block: N, pieces: N[], tName: string): N[] {
  const { j, root } = c;
  const out: N[] = [];
  for (const stmt of block.body as N[]) {
    if (stmt.type !== 'VariableDeclaration' || stmt.kind !== 'const' || pieces.includes(stmt)) continue;
    const path = pathOf(j, root, stmt);
    const declared = new Set<string>();
    for (const d of stmt.declarations as N[]) if (d.id.type === 'Identifier') declared.add(d.id.name);
    if (declared.size !== stmt.declarations.length || referencedNames(j, path).has(tName)) continue;
    let usedByPieces = false;
    let usedElsewhere = false;
    for (const name of declared) {
      j(pathOf(j, root, block)).find(j.Identifier, { name }).forEach((p: P) => {
        if (!isReference(p) || p.parent.node.id === p.node) return;
        const holder = statementIn(p).node as N;
        if (holder === stmt) return;
        if (pieces.some((piece) => p.node.start >= piece.start && p.node.end <= piece.end)) usedByPieces = true;
        else usedElsewhere = true;
      });
    }
    if (usedByPieces && !usedElsewhere) out.push(stmt);
  }
  return out;
}

/** Finds `await server.connect(transport)` and where `server` comes from. */
function serverSource(c: Ctx, owner: Handler, construction: P, tName: string, edits: TextEdit[], findings: ReportInput[]): ServerSource {
  const { j, root, source } = c;
  const connects = j(owner.fn).find(j.CallExpression).filter((p: P) => {
    const n = p.node as N;
    const target = unwrap(n.callee?.object ?? {});
    return memberName(n.callee) === 'connect' && /^(Identifier|CallExpression|NewExpression)$/.test(target?.type) && n.arguments.length === 1 && unwrap(n.arguments[0]).name === tName;
  }).paths() as P[];
  if (connects.length !== 1) {
    refuse(construction, 'transport-map-routing', connects.length === 0
      ? `no \`server.connect(${tName})\` in the route that builds the transport: build the server and a stateless transport per request by hand (SEP-2567)`
      : `the route connects ${connects.length} servers to \`${tName}\`: build one server and a stateless transport per request by hand (SEP-2567)`);
  }
  const target = (connects[0].node.callee as N).object as N;
  if (unwrap(target).type !== 'Identifier') {
    // A factory chain: `await build().connect(transport)` builds the server right there.
    const awaited = /AwaitExpression/.test(JSON.stringify(target.type)) || (target.type === 'ParenthesizedExpression' && target.expression?.type === 'AwaitExpression');
    if (awaited && c.flavor === 'v2') refuse(connects[0], 'transport-map-routing', 'the server comes from an awaited factory: pass it to createMcpHandler as `async () => build()` by hand (SEP-2567)');
    const serverName = freshLocal(j, owner.fn, 'server');
    const built = textOf(c, target.type === 'ParenthesizedExpression' ? target.expression : target);
    return { serverName, refs: referencedNames(j, connects[0].get('callee', 'object')), declLines: [[0, `const ${serverName} = ${built};`]], factoryCall: awaited ? undefined : built };
  }
  const serverName = unwrap(target).name as string;

  const decls = root.find(j.VariableDeclarator, { id: { type: 'Identifier', name: serverName } }).paths() as P[];
  const local = decls.filter((d) => d.node.start >= owner.fn.node.start && d.node.end <= owner.fn.node.end);
  const isSetup = (stmt: N) => {
    const call = unwrap(stmt.type === 'ExpressionStatement' ? stmt.expression : stmt);
    if (call?.type !== 'CallExpression') return false;
    const callee = call.callee as N;
    const m = memberName(callee);
    if (m && callee.object?.type === 'Identifier' && callee.object.name === serverName) return m !== 'connect' && m !== 'close';
    // `addTools(server, locale)`: a helper that registers on the server it is handed.
    return (call.arguments as N[]).some((a) => unwrap(a)?.type === 'Identifier' && unwrap(a).name === serverName);
  };

  if (local.length === 1 && local[0].node.init) {
    // Built inside the route: `const server = getServer()` (+ `server.registerTool(...)` next to it).
    const declStmt = local[0].parent as P;
    const block = declStmt.parent.node as N;
    const setup = (block.body as N[]).filter((s) => s.type === 'ExpressionStatement' && isSetup(s));
    const pieces = [declStmt.node as N, ...setup, ...setupLocals(c, block, [declStmt.node as N, ...setup], tName)].sort((a, b) => a.start - b.start);
    const refs = new Set<string>();
    for (const n of pieces) {
      // Free names only: a tool callback's own parameters are not the route's locals.
      const piece = pathOf(j, root, n);
      const own = declaredNames(j, piece);
      for (const r of referencedNames(j, piece)) if (!own.has(r)) refs.add(r);
    }
    refs.delete(serverName);
    // Locals the copied setup declares itself (`const locale = …` moved with it) are not the route's.
    for (const n of pieces) if (n.type === 'VariableDeclaration') for (const d of n.declarations as N[]) if (d.id.type === 'Identifier') refs.delete(d.id.name);
    const awaits = pieces.some((n) => j(pathOf(j, root, n)).find(j.AwaitExpression).some((a: P) => {
      for (let q: P | null = a.parent; q && q.node !== n; q = q.parent) if (isFunction(q.node)) return false;
      return true;
    }));
    // Everything else the route does with the server must be connect/close.
    const opts = construction.node as N;
    j(owner.fn).find(j.Identifier, { name: serverName }).forEach((p: P) => {
      if (!isReference(p) || p.parent.node === local[0].node) return;
      // The transport's session callbacks go with it (they are proven bookkeeping below).
      if (p.node.start >= opts.start && p.node.end <= opts.end) return;
      const stmt = statementIn(p).node as N;
      if (pieces.includes(stmt)) return;
      const m = memberName(p.parent.node);
      if (m === 'connect' || m === 'close') return;
      // Why: a session record ({ server, transport, lastActivity }) carries more than routing
      // (idle reapers, per-session servers reused); say so rather than "not a shape".
      const inRecord = /^(ObjectProperty|Property)$/.test(p.parent.node.type) && p.parent.node.value === p.node;
      const parentNode = p.parent.node as N;
      const storedIn = parentNode.type === 'AssignmentExpression' && parentNode.right === p.node && /MemberExpression$/.test(parentNode.left.type) && parentNode.left.computed
        ? textOf(c, parentNode.left.object)
        : parentNode.type === 'CallExpression' && memberName(parentNode.callee) === 'set' && parentNode.arguments[1] === p.node ? textOf(c, parentNode.callee.object) : undefined;
      if (storedIn) {
        refuse(p, 'transport-map-routing', `the route keeps \`${serverName}\` per session in \`${storedIn}\`: whatever reads that map needs the session; drop it and build the server and a stateless transport per request by hand${c.flavor === 'v2' ? ' (createMcpHandler)' : ''} (SEP-2567)`);
      }
      refuse(p, 'transport-map-routing', inRecord
        ? `the session map keeps a record per session (\`${serverName}\` with its transport): drop the map and build the server and a stateless transport per request by hand${c.flavor === 'v2' ? ' (createMcpHandler)' : ''}; anything the record carries besides routing (activity times, reapers) goes with it (SEP-2567)`
        : `the route hands \`${serverName}\` to other code besides connecting it, so a per-request server would change what that code sees: build server and stateless transport per request by hand (SEP-2567)`);
    });
    return { serverName, refs, awaits, declLines: copyLines(c, pieces), factoryCall: setup.length === 0 && pieces.length === 1 && !awaits ? textOf(c, local[0].node.init) : undefined };
  }

  const top = decls.filter((d) => d.parent.parent?.node.type === 'Program' && d.parent.node.declarations.length === 1);
  if (decls.length !== 1 || top.length !== 1 || !top[0].node.init) {
    refuse(connects[0], 'transport-map-routing', `cannot tell how \`${serverName}\` is built; make the route build a fresh server per request by hand (SEP-2567)`);
  }
  // A module-level instance shared by all sessions: lift its construction and setup into
  // `function buildServer()` so each request gets a fresh one.
  const declStmt = top[0].parent as P;
  const setupStmts: N[] = [];
  root.find(j.Identifier, { name: serverName }).forEach((p: P) => {
    if (!isReference(p) || p.parent.node === top[0].node) return;
    const stmt = statementIn(p);
    if (stmt.parent.node.type === 'Program' && isSetup(stmt.node as N)) {
      if (!setupStmts.includes(stmt.node as N)) setupStmts.push(stmt.node as N);
      return;
    }
    const inOwner = p.node.start >= owner.fn.node.start && p.node.end <= owner.fn.node.end;
    const m = memberName(p.parent.node);
    if (inOwner && (m === 'connect' || m === 'close')) return;
    // Why: the instance is used elsewhere (exported, closed on shutdown, passed around); a
    // per-request factory would change what that code sees.
    refuse(stmt, 'transport-map-routing',
      `server instance \`${serverName}\` is shared and used outside its setup; move its construction into a factory called per request by hand (SEP-2567)`);
  });
  if ((declStmt.parent?.node as N).type === 'ExportNamedDeclaration') {
    refuse(declStmt, 'transport-map-routing', `server instance \`${serverName}\` is exported; move its construction into a factory called per request by hand (SEP-2567)`);
  }
  const factory = freshName(c, 'buildServer');
  const indent = indentAt(source, declStmt.node.start);
  const body = [declStmt.node as N, ...setupStmts].map((n) => {
    const text = reindent(source.slice(startWithComments(n), n.end), indent, '');
    if (text === undefined) refuse(declStmt, 'transport-map-routing', `server setup holds a multi-line template literal; move \`${serverName}\` into a factory by hand (SEP-2567)`);
    return { depth: 1, raw: text } as GenLine;
  });
  const fnText = render([[0, `function ${factory}() {`], ...body, [1, `return ${serverName};`], [0, '}']], indent, c.style);
  edits.push({ start: startWithComments(declStmt.node as N), end: (declStmt.node as N).end, text: fnText.slice(indent.length) });
  for (const s of setupStmts) edits.push(statementRemoval(source, startWithComments(s), s.end));
  findings.push({ rule, category: 'transport-map-routing', severity: 'info', resolution: 'fixed', node: declStmt,
    message: `shared server instance \`${serverName}\` lifted into \`${factory}()\`: every request gets a fresh server (SEP-2567)` });
  return { serverName, refs: new Set([factory]), declLines: [[0, `const ${serverName} = ${factory}();`]], factoryCall: `${factory}()` };
}

function pathOf(j: JSCodeshift, root: Collection, node: N): P {
  return root.find(j.Node).filter((p: P) => p.node === node).paths()[0] as P;
}

function freshName(c: Ctx, base: string): string {
  return unusedName(c.j, c.root, base);
}

/** A name no identifier inside `fn` uses: a new local there shadows nothing it reads. */
function freshLocal(j: JSCodeshift, fn: P, base: string): string {
  return unusedName(j, j(fn), base);
}

function unusedName(j: JSCodeshift, within: Collection, base: string): string {
  const used = new Set<string>();
  within.find(j.Identifier).forEach((p: P) => used.add(p.node.name));
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  return name;
}

/** Copies statements as raw lines re-indented to depth 0 (the caller's indent). */
function copyLines(c: Ctx, nodes: N[]): GenLine[] {
  return nodes.map((n) => {
    const from = indentAt(c.source, n.start);
    const text = reindent(c.source.slice(n.start, n.end), from, '');
    if (text === undefined) refuse(pathOf(c.j, c.root, n), 'transport-map-routing', 'server setup holds a multi-line template literal; make the route stateless by hand (SEP-2567)');
    return { depth: 0, raw: text } as GenLine;
  });
}

interface Proven {
  handler: Handler;
  kind: Kind;
  req: string;
  res: string;
  /** Source text of the leading statements kept as they are (guards, auth checks). */
  prefix?: { start: number; end: number };
  body: N;
}

/** Leading statements that touch no session plumbing are kept; the rest must be plumbing. */
function proveHandler(c: Ctx, h: Handler, allowedBase: Set<string>, tName: string, mapName: string | undefined, serverName: string): Proven {
  const { j, source } = c;
  const fn = h.fn.node as N;
  const params = fn.params as N[];
  const at = h.regs[0].call;
  if (params.length < 2 || params[0].type !== 'Identifier' || params[1].type !== 'Identifier' || fn.body.type !== 'BlockStatement') {
    refuse(at, 'transport-map-routing', 'MCP route handler without plain `(req, res)` parameters and a block body: make it stateless by hand (SEP-2567)');
  }
  const req = params[0].name as string;
  const res = params[1].name as string;
  const sessionNames = new Set([tName, ...(mapName ? [mapName] : []), ...c.names.isInit, ...c.names.nodeTransports, ...c.names.uuid]);
  const stmts = h.fn.get('body', 'body');
  const paths: P[] = (fn.body.body as N[]).map((_: N, i: number) => stmts.get(i));
  const touches = (p: P) => {
    const text = source.slice(p.node.start, p.node.end);
    if (/mcp-session-id|handleRequest|sessionId/i.test(text)) return true;
    if (mapName?.startsWith('this.') && text.includes(mapName)) return true;
    for (const n of referencedNames(j, p)) if (sessionNames.has(n) || n === serverName) return true;
    return false;
  };
  let cut = paths.findIndex(touches);
  if (cut === -1) cut = paths.length;
  const rest = paths.slice(cut);

  const locals = declaredNames(j, h.fn);
  if (params[2]?.type === 'Identifier') locals.delete(params[2].name);
  const allowed = new Set([...allowedBase, ...locals, req, res]);
  for (const p of rest) {
    if (mapName?.startsWith('this.')) {
      j(p).find(j.MemberExpression).forEach((mp: P) => {
        const parent = mp.parent.node as N;
        if (!isMapRef(mp.node as N, mapName) || !/MemberExpression$/.test(parent.type) || parent.object !== mp.node || parent.computed) return;
        if (!MAP_MEMBERS.has(parent.property.name)) {
          refuse(at, 'transport-map-routing', `MCP route does more than session plumbing (uses \`${mapName}.${parent.property.name}\`), so it is not rewritten automatically; build the server and a stateless transport per request by hand (SEP-2567)`);
        }
      });
    }
    j(p).find(j.Identifier).forEach((ip: P) => {
      if (!isReference(ip)) return;
      const name = ip.node.name as string;
      const why = (what: string) =>
        refuse(at, 'transport-map-routing',
          `MCP route does more than session plumbing (${what}), so it is not rewritten automatically; build the server and a stateless transport per request by hand (SEP-2567)`);
      const parent = ip.parent.node as N;
      // A logger the route writes to (`log.info(…)`): its lines go with the plumbing.
      const logs = isLoggerName(name) && parent.type === 'MemberExpression' && parent.object === ip.node && isLogCall(ip.parent.parent?.node as N);
      if (!allowed.has(name) && !logs) why(`uses \`${name}\``);
      const member = /MemberExpression$/.test(parent.type) && parent.object === ip.node && !parent.computed ? parent.property.name : undefined;
      if (parent.type === 'AssignmentExpression' && parent.left === ip.node && !locals.has(name)) why(`assigns \`${name}\``);
      if (member === undefined) return;
      const assigned = ip.parent.parent?.node.type === 'AssignmentExpression' && ip.parent.parent.node.left === parent;
      if (name === req && !REQ_MEMBERS.has(member)) why(`reads \`${req}.${member}\``);
      if (name === res && !RES_MEMBERS.has(member)) why(`calls \`${res}.${member}\``);
      if (name === tName && (!TRANSPORT_MEMBERS.has(member) || (assigned && member !== 'onclose'))) why(`uses \`${tName}.${member}\``);
      if (name === mapName && !MAP_MEMBERS.has(member)) why(`uses \`${mapName}.${member}\``);
      if ((name === req || name === res) && assigned) why(`assigns \`${name}.${member}\``);
    });
  }
  const prefix = cut > 0 ? { start: startWithComments(paths[0].node as N), end: (paths[cut - 1].node as N).end } : undefined;
  return { handler: h, kind: kindOf(h), req, res, prefix, body: fn.body };
}

/** The v1 stateless body for one handler. */
function v1Body(c: Ctx, h: Proven, server: ServerSource, kept: string[], bodyArg: string | undefined, tName: string): TextEdit {
  const express = h.handler.regs.every((r) => r.style === 'express');
  const { req, res } = h;
  const jsonError = (status: number, code: number, message: string): GenLine[] => {
    const body = `{ jsonrpc: '2.0', error: { code: ${code}, message: '${message}' }, id: null }`;
    return express
      ? [[0, `${res}.status(${status}).json(${body});`]]
      : [[0, `${res}.writeHead(${status}, { 'Content-Type': 'application/json' }).end(JSON.stringify(${body}));`]];
  };
  const shift = (lines: GenLine[], by: number): GenLine[] => lines.map((l) => ('raw' in l ? { depth: l.depth + by, raw: l.raw } : [l[0] + by, l[1]]));
  const options = ['sessionIdGenerator: undefined', ...kept].join(', ');
  const transportClass = [...c.names.nodeTransports][0];
  const post: GenLine[] = [
    [0, 'try {'],
    ...shift(server.declLines, 1),
    [1, `const ${tName} = new ${transportClass}({ ${options} });`],
    [1, `${res}.on('close', () => {`],
    [2, `void ${tName}.close();`],
    [2, `void ${server.serverName}.close();`],
    [1, '});'],
    [1, `await ${server.serverName}.connect(${tName});`],
    [1, `await ${tName}.handleRequest(${req}, ${res}${bodyArg ? `, ${bodyArg}` : ''});`],
    [0, '} catch (error) {'],
    [1, `${errorLogger(c, h)}('MCP request failed:', error);`],
    [1, `if (!${res}.headersSent) {`],
    ...shift(jsonError(500, -32603, 'Internal server error'), 2),
    [1, '}'],
    [0, '}'],
  ];
  let lines: GenLine[];
  if (h.kind === 'session') lines = jsonError(405, -32000, 'Method not allowed.');
  else if (h.kind === 'post') lines = post;
  else lines = [[0, `if (${req}.method !== 'POST') {`], ...shift(jsonError(405, -32000, 'Method not allowed.'), 1), [1, 'return;'], [0, '}'], ...post];
  return bodyEdit(c, h, lines);
}

/**
 * A GET/DELETE route now answers 405 without reading its request: `req` becomes `_req`, so a
 * repo type-checked with noUnusedParameters still builds (seen on the trial: TS6133).
 */
function unusedRequestParam(c: Ctx, h: Proven): TextEdit | undefined {
  if (h.kind !== 'session') return undefined;
  const param = ((h.handler.fn.node as N).params as N[])[0];
  if (param?.type !== 'Identifier' || param.name.startsWith('_')) return undefined;
  const inPrefix = h.prefix && c.j(h.handler.fn).find(c.j.Identifier, { name: param.name }).some((p: P) => p.node !== param && p.node.start >= h.prefix!.start && p.node.end <= h.prefix!.end);
  if (inPrefix) return undefined;
  return { start: param.start, end: param.start + param.name.length, text: `_${param.name}` };
}

/** The route's own error log (`log.error` in its catch clause), else console.error. */
function errorLogger(c: Ctx, h: Proven): string {
  const { j } = c;
  let found: string | undefined;
  j(h.handler.fn).find(j.CatchClause).forEach((p: P) => {
    if (found) return;
    for (const s of (p.node as N).body.body as N[]) {
      const e = s.type === 'ExpressionStatement' ? unwrap(s.expression) : undefined;
      if (isLogCall(e) && memberName(e!.callee) === 'error') {
        found = textOf(c, e!.callee);
        return;
      }
    }
  });
  return found ?? 'console.error';
}

/** Replaces a handler body: `{`, kept prefix, generated lines, `}` in the handler's indentation. */
function bodyEdit(c: Ctx, h: Proven, lines: GenLine[]): TextEdit {
  const { source, style } = c;
  const base = indentAt(source, h.body.start);
  const first = (h.body.body as N[])[0];
  const inner = first && source.slice(source.lastIndexOf('\n', first.start - 1) + 1, first.start).trim() === '' ? indentAt(source, first.start) : base + style.unit;
  const generated = render(lines, inner, style);
  const prefix = h.prefix ? inner + source.slice(h.prefix.start, h.prefix.end) + style.eol : '';
  return { start: h.body.start, end: h.body.end, text: `{${style.eol}${prefix}${generated}${style.eol}${base}}` };
}

/** v2: one createMcpHandler for the file, mounted on one `all` route when the routes allow it. */
function v2Rewrite(c: Ctx, proven: Proven[], server: ServerSource, bodyArg: string | undefined, mapDecl: P | undefined, edits: TextEdit[], handlerOptions: string[], hostCheck?: string[]): void {
  const { j, source, style } = c;
  const handlerName = freshName(c, 'mcpHandler');
  const guardName = hostCheck ? freshName(c, 'validateHost') : undefined;
  const owner = proven.find((p) => p.kind !== 'session')!;
  // The factory runs per request at module scope: it must not use the route's locals.
  const routeLocals = declaredNames(j, owner.handler.fn);
  for (const r of server.refs) {
    if (routeLocals.has(r)) refuse(owner.handler.regs[0].call, 'transport-map-routing', `the server is built from the route's \`${r}\`; createMcpHandler's factory gets { authInfo, requestInfo } instead: move it by hand (SEP-2567)`);
  }
  const factory = server.factoryCall
    ? `() => ${server.factoryCall}`
    : undefined;
  const regs = proven.flatMap((p) => p.handler.regs);
  const first = regs.reduce((a, b) => (a.call.node.start < b.call.node.start ? a : b));
  const firstStmt = statementIn(first.call);
  const anchor = mapDecl ?? firstStmt;
  const indent = indentAt(source, (anchor.node as N).start);
  // The legacy posture is written out, so a reviewer sees which 2025-era clients it still serves.
  const posture = `{ ${[`legacy: '${c.legacy}'`, ...handlerOptions].join(', ')} }`;
  const handlerDecl = factory
    ? render([[0, `const ${handlerName} = toNodeHandler(createMcpHandler(${factory}, ${posture}));`]], indent, style)
    : render([
        [0, `const ${handlerName} = toNodeHandler(`],
        [1, `createMcpHandler(${server.awaits ? 'async ' : ''}() => {`],
        ...server.declLines.map((l) => ('raw' in l ? { depth: l.depth + 2, raw: l.raw } : ([l[0] + 2, l[1]] as GenLine))),
        [2, `return ${server.serverName};`],
        [1, `}, ${posture}),`],
        [0, ');'],
      ], indent, style);

  // The Host check the v1 transport did goes in front of the handler, built once (its hostnames are literals).
  const decl = guardName
    ? `${render([[0, `const ${guardName} = hostHeaderValidation([${hostCheck!.map((h) => `'${h}'`).join(', ')}]);`]], indent, style)}${style.eol}${handlerDecl}`
    : handlerDecl;
  const guarded = (req: string, res: string, call: string) => (guardName ? `if (${guardName}(${req}, ${res})) ${call}` : call);

  const bodyRefs = bodyArg ? referencedNames(j, j(`(${bodyArg})`).find(j.Program).paths()[0] as P) : new Set<string>();
  const sameRoute = regs.every((r) => r.style === 'express' && r.call.node.arguments.length === 2 &&
    source.slice(r.call.node.callee.object.start, r.call.node.callee.object.end) === source.slice(first.call.node.callee.object.start, first.call.node.callee.object.end) &&
    textOf(c, r.call.node.arguments[0]) === textOf(c, first.call.node.arguments[0]));
  const collapse = sameRoute && proven.every((p) => !p.prefix) && [...bodyRefs].every((n) => n === owner.req);

  if (collapse) {
    const call = `${handlerName}(${owner.req}, ${owner.res}${bodyArg ? `, ${bodyArg}` : ''})`;
    const semi = style.semi === false ? '' : ';';
    const target = guardName ? `(${owner.req}, ${owner.res}) => {${style.eol}${indent}${style.unit}${guarded(owner.req, owner.res, `void ${call}`)}${semi}${style.eol}${indent}}`
      : bodyArg ? `(${owner.req}, ${owner.res}) => ${call}` : handlerName;
    const object = source.slice(first.call.node.callee.object.start, first.call.node.callee.object.end);
    const route = `${object}.all(${textOf(c, first.call.node.arguments[0])}, ${target})${semi}`;
    const removals = new Set<N>();
    for (const r of regs) removals.add(statementIn(r.call).node as N);
    for (const p of proven) if (p.handler.declaration) removals.add(statementIn(p.handler.declaration).node as N);
    if (mapDecl) {
      // The map declaration's removal (planned earlier) becomes the handler declaration.
      const i = edits.findIndex((e) => e.start <= (mapDecl.node as N).start && e.end >= (mapDecl.node as N).end);
      edits.splice(i, 1);
      edits.push({ start: startWithComments(mapDecl.node as N), end: (mapDecl.node as N).end, text: decl.slice(indent.length) });
    }
    for (const n of removals) {
      if (n === firstStmt.node) {
        const stmtText = mapDecl ? route : `${decl.slice(indent.length)}${style.eol}${indent}${route}`;
        edits.push({ start: startWithComments(n), end: n.end, text: stmtText });
      } else {
        edits.push(statementRemoval(source, startWithComments(n), n.end));
      }
    }
    return;
  }

  for (const p of proven) {
    const arg = bodyArg && p === owner ? `, ${bodyArg}` : bodyArg && p.kind !== 'session' ? `, ${bodyArg}` : '';
    edits.push(bodyEdit(c, p, [
      ...(guardName ? [[0, `if (!${guardName}(${p.req}, ${p.res})) return;`] as GenLine] : []),
      [0, `await ${handlerName}(${p.req}, ${p.res}${p.kind === 'session' ? '' : arg});`],
    ]));
  }
  if (mapDecl) {
    const i = edits.findIndex((e) => e.start <= (mapDecl.node as N).start && e.end >= (mapDecl.node as N).end);
    edits.splice(i, 1);
    edits.push({ start: startWithComments(mapDecl.node as N), end: (mapDecl.node as N).end, text: decl.slice(indent.length) });
  } else {
    edits.push({ start: startWithComments(firstStmt.node as N), end: startWithComments(firstStmt.node as N), text: `${decl.slice(indent.length)}${style.eol}${style.eol}${indent}` });
  }
}
