/**
 * An `McpAgent` class that only carries an McpServer and its `init()` becomes a server
 * factory served per request by agents' `createMcpHandler`: what the agents migration guide
 * calls "McpAgent without legacy stateful features: migrate directly", and what Cloudflare's
 * own demos did when they moved to 2026-07-28.
 *
 * - v2 files (after the official codemod): `createMcpHandler(() => createServer(…), { route })`
 *   from `agents/mcp/server`, whose default `legacy: 'stateless'` serves 2025-era clients too.
 * - v1 files: `createMcpHandler(createServer(…), { route })` from `agents/mcp`, a fresh v1
 *   server and stateless transport per request (2025 protocol, no Durable Object session).
 *
 * `this.env` and `this.props` become factory parameters, fed from the Worker's `env` and
 * `ctx.props` where the class was mounted: the factory runs once per request, so a value read
 * at init time (a tool registered only for some users) is that request's value.
 *
 * Helper members the server's code reads through `this` (getters, methods, arrow-function
 * fields) become locals of the factory; a `get server()` accessor's body becomes the factory's.
 *
 * The class name stays exported as an empty Durable Object: the Worker's wrangler config
 * binds it (another file; removing the binding without a `deleted_classes` migration fails
 * the deploy), so it gets a comment and an info finding saying how to retire it. Mounted
 * from the Worker entry beside it (./sibling-mounts.ts), the stub keeps a static
 * `serve(route)` that answers each request with createMcpHandler, so that entry builds and
 * serves unchanged.
 *
 * Anything else an agent does (state, SQL, SSE mounts, setters and data fields, `this` in a
 * nested function, `serve()` options, uses of the class outside `X.serve(route)`) keeps the
 * recipe marker of ./mcp-agent.ts instead.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import type { McpAgentClass } from './mcp-agent.ts';
import { siblingMounts } from './sibling-mounts.ts';
import { indentAt, lineStart, reindent, type Style, type TextEdit } from './text-edit.ts';

type N = Record<string, any>;

/** `this.<member>` reads the factory can take over, and the names each can become (the first one the class's code does not use). */
const CARRIED = { server: ['server', 'mcpServer'], env: ['env', 'workerEnv'], props: ['props', 'callerProps'] } as const;
type Carried = keyof typeof CARRIED;

export interface AgentRewrite {
  edits: TextEdit[];
  addImports: Array<[string, string]>;
  maybeUnused: string[];
  /** The finding for the rewrite, and the info finding about the class left for the wrangler binding. */
  fixed: string;
  stub: string;
}

const NESTED_THIS_SCOPE = /^(FunctionDeclaration|FunctionExpression|ObjectMethod|ClassMethod|ClassPrivateMethod|ClassDeclaration|ClassExpression|ClassProperty)$/;

function isTsNode(n: N): boolean {
  return /^TS/.test(n.type);
}

/** Every node under `n`, with the chain of its ancestors below `n`. */
function walk(n: N, visit: (node: N, ancestors: N[]) => void, ancestors: N[] = []): void {
  for (const key of Object.keys(n)) {
    if (key === 'loc' || key === 'comments' || key === 'leadingComments' || key === 'trailingComments' || key === 'tokens') continue;
    const v = n[key];
    const kids = Array.isArray(v) ? v : [v];
    for (const k of kids) {
      if (!k || typeof k !== 'object' || typeof k.type !== 'string') continue;
      visit(k, ancestors);
      walk(k, visit, [...ancestors, k]);
    }
  }
}

/** Identifier names the code references or declares (property keys and member names excluded). */
function boundNames(n: N): Set<string> {
  const names = new Set<string>();
  walk(n, (node, anc) => {
    if (node.type !== 'Identifier') return;
    const parent = anc[anc.length - 1];
    if (parent && /MemberExpression$/.test(parent.type) && parent.property === node && !parent.computed) return;
    if (parent && /^(ObjectProperty|ClassProperty|ObjectMethod|ClassMethod)$/.test(parent.type) && parent.key === node && !parent.computed && !parent.shorthand) return;
    names.add(node.name);
  });
  return names;
}

function moduleNames(j: JSCodeshift, root: Collection): Set<string> {
  const names = new Set<string>();
  root.find(j.Identifier).forEach((p: ASTPath<any>) => names.add((p.node as N).name));
  return names;
}

interface Mount {
  /** The node replaced: `X.serve(r)`, or `X.serve(r).fetch(req, env, ctx)`. */
  node: N;
  route: string;
  /** `env` and `ctx` argument names of a direct `.fetch(req, env, ctx)` call. */
  direct?: { request: string; env: string; ctx: string };
}

/** `X.serve(route)` sites, or why one use of the class is something else. */
function mountsOf(j: JSCodeshift, root: Collection, source: string, agent: McpAgentClass): Mount[] | string {
  const mounts: Mount[] = [];
  let other: string | undefined;
  root.find(j.Identifier, { name: agent.name }).forEach((p: ASTPath<any>) => {
    const parent = p.parent?.node as N;
    if (parent === agent.path.node) return;
    if (parent?.type === 'ImportSpecifier' || parent?.type === 'ExportSpecifier') {
      other ??= `\`${agent.name}\` is re-exported or imported here`;
      return;
    }
    const call = p.parent?.parent?.node as N | undefined;
    const isServe = parent?.type === 'MemberExpression' && parent.object === p.node && !parent.computed && parent.property?.name === 'serve' &&
      call?.type === 'CallExpression' && call.callee === parent;
    if (!isServe) {
      other ??= `\`${agent.name}\` is used here other than by \`${agent.name}.serve(route)\``;
      return;
    }
    if (call!.arguments.length !== 1 || call!.arguments[0].type === 'SpreadElement') {
      other ??= `\`${agent.name}.serve()\` takes options here (binding, transport, CORS) that createMcpHandler does not read the same way`;
      return;
    }
    const route = source.slice(call!.arguments[0].start, call!.arguments[0].end);
    const member = p.parent?.parent?.parent?.node as N | undefined;
    const outer = p.parent?.parent?.parent?.parent?.node as N | undefined;
    if (member?.type === 'MemberExpression' && member.object === call && !member.computed && member.property?.name === 'fetch' &&
      outer?.type === 'CallExpression' && outer.callee === member) {
      const args = outer.arguments as N[];
      if (args.length !== 3 || !args.every((a) => a.type === 'Identifier')) {
        other ??= `\`${agent.name}.serve().fetch()\` is called without plain (request, env, ctx) arguments`;
        return;
      }
      mounts.push({ node: outer, route, direct: { request: args[0].name, env: args[1].name, ctx: args[2].name } });
      return;
    }
    mounts.push({ node: call!, route });
  });
  if (other) return other;
  return mounts;
}

interface Helper {
  member: N;
  name: string;
  kind: 'getter' | 'method' | 'function-field';
}

interface AgentShape {
  /** `server = new McpServer(…)`, or the `get server()` accessor that builds one. */
  field?: N;
  getter?: N;
  init?: N;
  /** Members the server's code reads through `this`, each carried into the factory as a local. */
  helpers: Helper[];
}

/** The class's members as a server, init() and helpers, or why they are something else. */
function shapeOf(cls: N): AgentShape | string {
  const shape: AgentShape = { helpers: [] };
  for (const m of (cls.body.body as N[]).filter((n) => !isTsNode(n))) {
    const name = !m.computed && m.key?.type === 'Identifier' ? (m.key.name as string) : undefined;
    if (!name || m.static || m.type === 'ClassPrivateMethod' || m.type === 'ClassPrivateProperty' || m.kind === 'constructor' || m.kind === 'set') {
      return 'its members are not a server, `init()` and helper functions';
    }
    if (name === 'server' && m.type === 'ClassProperty' && m.value) shape.field = m;
    else if (name === 'server' && m.type === 'ClassMethod' && m.kind === 'get') shape.getter = m;
    else if (name === 'init' && m.type === 'ClassMethod' && m.kind === 'method' && m.params.length === 0 && !m.generator) shape.init = m;
    else if (m.type === 'ClassMethod' && m.kind === 'get') shape.helpers.push({ member: m, name, kind: 'getter' });
    else if (m.type === 'ClassMethod' && m.kind === 'method' && !m.generator && name !== 'server' && name !== 'init') shape.helpers.push({ member: m, name, kind: 'method' });
    else if (m.type === 'ClassProperty' && !m.optional && m.value?.type === 'ArrowFunctionExpression' && name !== 'server' && name !== 'init') {
      shape.helpers.push({ member: m, name, kind: 'function-field' });
    } else {
      return `its member \`${name}\` is not a helper function a server factory can carry`;
    }
  }
  if (!shape.field && !shape.getter) return 'it has no `server` field or getter';
  // A getter builds a new server on every read: McpAgent reads it after init(), so init() must
  // not register anything on it.
  if (shape.getter) {
    const body = shape.getter.body.body as N[];
    if (shape.init && (shape.init.body.body.length > 0)) return 'its server is built in a getter and `init()` also has code';
    if (body.length === 0 || body[body.length - 1].type !== 'ReturnStatement') return 'its `server` getter does not end by returning the server';
    if (shape.getter.returnType) return 'its `server` getter declares a return type';
  }
  return shape;
}

/**
 * Plans the rewrite, or says why this class keeps its marker. `flavor` is the file's SDK
 * generation (v2 after the official codemod has moved the McpServer import).
 */
export function planAgentRewrite(j: JSCodeshift, root: Collection, source: string, style: Style, flavor: 'v1' | 'v2', agent: McpAgentClass, path: string): AgentRewrite | string {
  // Type annotations only where the file is TypeScript.
  const typed = /\.[cm]?tsx?$/.test(path);
  const t = (annotation: string) => (typed ? annotation : '');
  const cls = agent.path.node as N;
  // find: the server (a field, or a getter with an empty init()), init(), and helper members
  if (!agent.direct) return `it extends \`${(cls.superClass as N).name}\`, a framework's McpAgent whose own members a server factory does not carry`;
  if (agent.keepsState) return 'it keeps Durable Object state';
  if (agent.servesSse) return 'it is mounted on an SSE route';
  const shape = shapeOf(cls);
  if (typeof shape === 'string') return shape;
  const { field, getter, init, helpers } = shape;

  // check: every `this` is this.server / this.env / this.props / this.<helper>, read from the class's own code
  const used = new Set<Carried>();
  const thisReads: Array<{ start: number; end: number; member: string }> = [];
  let stray: string | undefined;
  let awaits = false;
  let returns = false;
  const helperNames = new Set(helpers.map((h) => h.name));
  const parts = [field?.value, getter?.body, init?.body, ...helpers.map((h) => h.member.value ?? h.member)].filter(Boolean) as N[];
  for (const part of parts) {
    const isHelper = !(part === field?.value || part === getter?.body || part === init?.body);
    // A method helper's own params and body: `this` there is the agent (the method itself is the walk's root).
    const root_ = isHelper && part.type === 'ClassMethod' ? { type: 'Holder', params: part.params, body: part.body } : part;
    walk(root_, (node, anc) => {
      const nested = anc.some((a) => NESTED_THIS_SCOPE.test(a.type));
      const inFunction = anc.some((a) => /Function|Method/.test(a.type));
      if (!isHelper && part !== getter?.body && !inFunction && (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await))) awaits = true;
      if (!inFunction && node.type === 'ReturnStatement' && part === init?.body) returns = true;
      if (node.type !== 'ThisExpression') return;
      const parent = anc[anc.length - 1];
      const name = parent && /MemberExpression$/.test(parent.type) && parent.object === node && !parent.computed ? parent.property?.name : undefined;
      if (nested) stray ??= '`this` inside a nested function or class means something else there';
      else if (name === 'server' && getter) stray ??= 'it reads `this.server`, which its getter builds anew on every read';
      else if (name && helperNames.has(name)) thisReads.push({ start: parent.start, end: parent.property.end, member: name });
      else if (!name || !(name in CARRIED)) stray ??= `it reads \`this${name ? `.${name}` : ''}\`, which a server factory does not have`;
      else {
        used.add(name as Carried);
        thisReads.push({ start: parent.start, end: parent.property.end, member: name });
      }
    });
  }
  if (stray) return stray;
  if (returns) return '`init()` returns early';
  const classNames = boundNames(cls.body);
  const local = {} as Record<Carried, string>;
  for (const member of Object.keys(CARRIED) as Carried[]) {
    const free = CARRIED[member].find((n) => !classNames.has(n));
    if (!free) return `its code already uses the names ${CARRIED[member].map((n) => `\`${n}\``).join(' and ')}`;
    local[member] = free;
  }
  const taken = moduleNames(j, root);
  // A helper becomes a local of the factory: a getter `get x()` the function `getX()`, read as
  // `getX()` where the class read `this.x`; a method or a function field keeps its name.
  const outside = boundNames(root.get().node);
  const helperLocal = new Map<string, string>();
  for (const h of helpers) {
    const name = h.kind === 'getter' ? `get${h.name[0].toUpperCase()}${h.name.slice(1)}` : h.name;
    if (outside.has(name) || Object.values(local).includes(name)) return `its helper \`${h.name}\` would become \`${name}\`, a name its file already uses`;
    helperLocal.set(h.name, name);
  }
  const readAs = (member: string) => (member in local && !helperLocal.has(member) ? local[member as Carried] : helperLocal.get(member)! + (helpers.find((h) => h.name === member)!.kind === 'getter' ? '()' : ''));
  const thisEdits: TextEdit[] = thisReads.map((r) => ({ start: r.start, end: r.end, text: readAs(r.member) }));
  const factory = ['createServer', `create${agent.name}Server`].find((n) => !taken.has(n));
  if (!factory) return 'the names createServer and create<Class>Server are taken';
  for (const name of ['createMcpHandler', 'DurableObject']) if (taken.has(name)) return `the name \`${name}\` is already bound in this file`;
  const mounts = mountsOf(j, root, source, agent);
  if (typeof mounts === 'string') return mounts;
  // Mounted from the Worker entry beside it: the stub keeps a static serve(route) that answers per request.
  const away = mounts.length === 0 ? siblingMounts(path, agent.name) : undefined;
  if (typeof away === 'string') return away;
  const typeArgs = (cls.superTypeParameters?.params ?? []) as N[];
  const typeText = (i: number, fallback: string) => (typeArgs[i] ? source.slice(typeArgs[i].start, typeArgs[i].end) : fallback);
  const envType = typeText(0, 'Cloudflare.Env');
  const propsType = typeText(2, 'Record<string, unknown>');
  const async_ = awaits;

  // rewrite: the class becomes an empty Durable Object, the factory follows its statement
  const semi = style.semi === false ? '' : ';';
  const eol = style.eol;
  const unit = style.unit;
  const statement = agent.path.parent?.node?.type === 'ExportNamedDeclaration' ? (agent.path.parent.node as N) : cls;
  const copy = (from: number, to: number, fromIndent: string): string => {
    const local = thisEdits.filter((e) => e.start >= from && e.end <= to).sort((a, b) => b.start - a.start);
    let text = source.slice(from, to);
    for (const e of local) text = text.slice(0, e.start - from) + e.text + text.slice(e.end - from);
    return reindent(text, fromIndent, unit) ?? text;
  };
  /** A member's own leading comments, copied along with it. */
  const leading = (m: N): string => {
    const comments = ((m.comments ?? m.leadingComments ?? []) as N[]).filter((c) => c.end <= m.start && c.leading !== false);
    if (!comments.length) return '';
    return copy(comments[0].start, comments[comments.length - 1].end, indentAt(source, comments[0].start)) + eol + unit;
  };
  const params = [used.has('env') ? `${local.env}${t(`: ${envType}`)}` : '', used.has('props') ? `${local.props}${t(`: ${propsType}`)}` : ''].filter(Boolean);
  const lines = [`${async_ ? 'async ' : ''}function ${factory}(${params.join(', ')}) {`];
  for (const h of helpers) {
    const m = h.member;
    const at = indentAt(source, m.start);
    const name = helperLocal.get(h.name)!;
    const text = h.kind === 'getter'
      ? `function ${name}()${m.returnType ? copy(m.returnType.start, m.returnType.end, at) : ''} ${copy(m.body.start, m.body.end, at)}`
      : h.kind === 'method'
      ? `${m.async ? 'async ' : ''}function ${name}${copy(m.key.end, m.end, at)}`
      : `const ${name}${copy(m.key.end, m.value.end, at)}${semi}`;
    lines.push(`${unit}${leading(m)}${text}`, '');
  }
  if (getter) {
    // The getter's body already builds and returns the server.
    const body = getter.body.body as N[];
    const start = source.slice(getter.body.start + 1).search(/\S/) + getter.body.start + 1;
    const end = source.slice(0, getter.body.end - 1).trimEnd().length;
    lines.push(unit + copy(start, end, indentAt(source, body[0].start)), '}');
  } else {
    lines.push(`${unit}const ${local.server} = ${copy(field!.value.start, field!.value.end, indentAt(source, field!.start))}${semi}`);
    const body = (init?.body.body ?? []) as N[];
    if (init && (body.length || (init.body.innerComments ?? []).length)) {
      const firstLeading = ((body[0]?.comments ?? body[0]?.leadingComments ?? []) as N[]).filter((c) => c.end <= body[0].start);
      const from = Math.min(init.body.start + 1, ...firstLeading.map((c) => c.start), body[0]?.start ?? Infinity);
      const start = source.slice(from).search(/\S/) + from;
      const end = source.slice(0, init.body.end - 1).trimEnd().length;
      if (end > start) lines.push('', unit + copy(start, end, indentAt(source, start)));
    }
    lines.push('', `${unit}return ${local.server}${semi}`, '}');
  }

  const factoryArgs = (env: string, ctx: string) =>
    [used.has('env') ? env : '', used.has('props') ? `${ctx}.props${t(` as ${propsType}`)}` : ''].filter(Boolean).join(', ');
  const serverExpr = (env: string, ctx: string) => {
    const call = `${factory}(${factoryArgs(env, ctx)})`;
    if (flavor === 'v2') return async_ ? `async () => ${call}` : `() => ${call}`;
    return async_ ? `await ${call}` : call;
  };
  const handler = (env: string, ctx: string, route: string) => `createMcpHandler(${serverExpr(env, ctx)}, { ${route === 'route' ? 'route' : `route: ${route}`} })`;
  const fetchObject = (route: string) =>
    `{ fetch: ${async_ && flavor === 'v1' ? 'async ' : ''}(request${t(': Request')}, env${t(`: ${used.has('env') ? envType : 'unknown'}`)}, ctx${t(': ExecutionContext')}) => ${handler('env', 'ctx', route)}(request, env, ctx) }`;
  const edits: TextEdit[] = [];
  for (const m of mounts) {
    const direct = m.direct;
    const text = direct && async_ && flavor === 'v1'
      ? `${factory}(${factoryArgs(direct.env, direct.ctx)}).then((server) => createMcpHandler(server, { route: ${m.route} })(${direct.request}, ${direct.env}, ${direct.ctx}))`
      : direct
      ? `${handler(direct.env, direct.ctx, m.route)}(${direct.request}, ${direct.env}, ${direct.ctx})`
      : fetchObject(m.route);
    edits.push({ start: m.node.start, end: m.node.end, text });
  }
  const mountedIn = away ? away.files.join(', ') : undefined;
  // Why a comment and an info finding, not a marker: nothing is left to do for 2026-07-28 (the
  // route is served per request); retiring the binding is clean-up (judged so on the trial).
  const stub = `\`${agent.name}\` stays as an empty Durable Object because the Worker's wrangler config binds it (durable_objects class_name ${agent.name})${mountedIn ? `, with a static serve(route) for its mount in ${mountedIn}` : ''}; createMcpHandler serves every request now: once 2025-era sessions have drained, remove that binding with a migration listing it in deleted_classes, then delete the class (SEP-2567)`;
  const at = lineStart(source, statement.start);
  const indent = indentAt(source, statement.start);
  const note = mountedIn
    ? [
      `// Kept for the wrangler config's Durable Object binding (class_name ${agent.name}) and for`,
      `// ${agent.name}.serve(route) in ${mountedIn}:`,
      '// createMcpHandler answers each of its requests with a fresh server now. Retire the binding',
      '// with a deleted_classes migration once old sessions drain.',
    ]
    : [
      `// Kept for the wrangler config's Durable Object binding (class_name ${agent.name}): createMcpHandler`,
      '// serves every request now. Retire it with a deleted_classes migration once old sessions drain.',
    ];
  edits.push({ start: at, end: at, text: note.map((l) => indent + l + eol).join('') });
  const stubBody = mountedIn
    ? ` {${eol}${indent}${unit}static serve(route${t(': string')}) {${eol}${indent}${unit}${unit}return ${fetchObject('route')}${semi}${eol}${indent}${unit}}${eol}${indent}}`
    : ' {}';
  edits.push({ start: cls.start, end: cls.end, text: `class ${agent.name} extends DurableObject${stubBody}` });
  edits.push({ start: statement.end, end: statement.end, text: eol + eol + lines.join(eol) });

  const handlerModule = flavor === 'v2' ? 'agents/mcp/server' : 'agents/mcp';
  const base = (cls.superClass as N).name as string;
  // The McpAgent import line becomes the two imports the output needs, in its place (an
  // import added by the AST printer lands after the last import, set off by a blank line).
  const addImports: Array<[string, string]> = [];
  const agentImport = root.find(j.ImportDeclaration).filter((p: ASTPath<any>) => /^agents\/mcp$/.test(String((p.node as N).source.value))).paths()[0] as ASTPath<any> | undefined;
  const only = agentImport && (agentImport.node as N).specifiers?.length === 1 && (agentImport.node as N).importKind !== 'type';
  if (only) {
    const mod = (m: string) => `${style.quote}${m}${style.quote}`;
    edits.push({ start: (agentImport.node as N).start, end: (agentImport.node as N).end,
      text: `import { createMcpHandler } from ${mod(handlerModule)}${semi}${eol}import { DurableObject } from ${mod('cloudflare:workers')}${semi}` });
  } else {
    addImports.push([handlerModule, 'createMcpHandler'], ['cloudflare:workers', 'DurableObject']);
  }
  const fixed = flavor === 'v2'
    ? `\`${agent.name}\` (an McpAgent: one Durable Object per client session) → \`${factory}()\` served per request by createMcpHandler from agents/mcp/server; its default legacy: 'stateless' serves 2025-era clients too; it needs agents ≥ 0.20 with @modelcontextprotocol/server in package.json (\`mcp-migrate pins\` reports the agents pin; frameworks are not moved for you) (SEP-2567)`
    : `\`${agent.name}\` (an McpAgent: one Durable Object per client session) → \`${factory}()\`, a fresh server per request behind createMcpHandler from agents/mcp (stateless, still the 2025 protocol; \`--sdk v2\` moves it to agents/mcp/server, which serves 2026-07-28) (SEP-2567)`;
  return {
    edits,
    addImports,
    maybeUnused: only ? [] : [base],
    fixed,
    stub,
  };
}
