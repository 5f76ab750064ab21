/**
 * What part a piece of OAuth code plays, so the issuer rule speaks only where a client decides:
 * an exchange helper other modules call (the check belongs where they parse the redirect), a
 * route that serves `/.well-known/…` metadata to its own clients (a pass-through, not a
 * consumer), and a file that already compares a metadata `issuer` (RFC 8414 §3.3 done by hand).
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { functionName } from './function-name.ts';

type N = Record<string, any>;

function strValue(node: N | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral' || (node.type === 'Literal' && typeof node.value === 'string')) return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis.map((q: N) => q.value.cooked ?? '').join('*');
  return undefined;
}

const FUNCTION = /Function|ArrowFunctionExpression|ObjectMethod|ClassMethod/;

/** Names this module exports through CommonJS or `export { a, b as c }`. */
function exportedNames(j: JSCodeshift, root: Collection): Set<string> {
  const names = new Set<string>();
  root.find(j.ExportSpecifier).forEach((p) => { const l = (p.node as N).local; if (l?.type === 'Identifier') names.add(l.name); });
  root.find(j.AssignmentExpression).forEach((p) => {
    const a = p.node as N;
    const left = j(a.left).toSource();
    if (/^(module\.)?exports\.\w+$/.test(left) && a.right.type === 'Identifier') names.add(a.right.name);
    if (left === 'module.exports' && a.right.type === 'ObjectExpression') {
      for (const prop of a.right.properties as N[]) if (prop.value?.type === 'Identifier') names.add(prop.value.name);
    }
    if (left === 'module.exports' && a.right.type === 'Identifier') names.add(a.right.name);
  });
  return names;
}

function declaredName(decl: N | undefined): string | undefined {
  if (decl?.id?.type === 'Identifier') return decl.id.name;
  return undefined;
}

function isExportStatement(node: N | undefined): boolean {
  return node?.type === 'ExportNamedDeclaration' || node?.type === 'ExportDefaultDeclaration';
}

/**
 * Is `fn` reachable from other modules: an exported function or const, or a non-private method
 * of an exported class? Its callers then live where this rule cannot see them from here.
 */
export function isExportedFunction(j: JSCodeshift, root: Collection, fn: ASTPath): boolean {
  const f = fn.node as N;
  const exported = exportedNames(j, root);
  if (f.type === 'ClassMethod' || f.type === 'ClassPrivateMethod') {
    if (f.type === 'ClassPrivateMethod' || f.accessibility === 'private' || f.key?.type === 'PrivateName') return false;
    const cls = fn.parent?.parent;
    const c = cls?.node as N | undefined;
    if (!c) return false;
    if (isExportStatement(cls!.parent?.node as N)) return true;
    const name = declaredName(c) ?? declaredName(cls!.parent?.node as N);
    if (name && exported.has(name)) return true;
    // `export const Provider = class { … }`
    return c.type === 'ClassExpression' && isExportStatement(cls!.parent?.parent?.parent?.node as N);
  }
  if (f.type === 'FunctionDeclaration') {
    return isExportStatement(fn.parent?.node as N) || (!!declaredName(f) && exported.has(declaredName(f)!));
  }
  const holder = fn.parent?.node as N | undefined;
  if (holder?.type === 'VariableDeclarator' && holder.init === f) {
    const name = declaredName(holder);
    return isExportStatement(fn.parent?.parent?.parent?.node as N) || (!!name && exported.has(name));
  }
  // A method of an object literal that leaves the module: exported, returned, or handed to a
  // call (`fastify.decorate('oauthClient', methods)`), directly or through its const.
  const method = f.type === 'ObjectMethod' ? fn : (holder?.type === 'ObjectProperty' || holder?.type === 'Property') && holder.value === f ? fn.parent : undefined;
  const object = method?.parent;
  if (object && (object.node as N).type === 'ObjectExpression') return objectLeavesModule(j, root, object, exported);
  return false;
}

function objectLeavesModule(j: JSCodeshift, root: Collection, object: ASTPath, exported: Set<string>): boolean {
  const leaves = (value: ASTPath): boolean => {
    const parent = value.parent?.node as N | undefined;
    if (!parent) return false;
    if (parent.type === 'ReturnStatement' || isExportStatement(parent)) return true;
    if (parent.type === 'ArrowFunctionExpression' && parent.body === value.node) return true;
    if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(value.node)) return true;
    if (['TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(parent.type)) return leaves(value.parent!);
    return false;
  };
  if (leaves(object)) return true;
  const holder = object.parent?.node as N | undefined;
  if (holder?.type !== 'VariableDeclarator' || holder.init !== object.node || holder.id.type !== 'Identifier') return false;
  const name = holder.id.name;
  if (exported.has(name) || isExportStatement(object.parent?.parent?.parent?.node as N)) return true;
  return root.find(j.Identifier, { name }).filter((p) => p.node !== holder.id).paths().some(leaves);
}

/**
 * The one authorization server a token request goes to, when its URL is fixed in the code
 * (`'https://auth.example.com/oauth/token'`, or a template of consts bound to literals) or
 * named by one configuration setting (`${config.issuer}/oauth2/token`, configured()). A
 * mix-up (RFC 9207) needs a client that talks to several authorization servers; a request
 * that can only reach one is not exposed to it. `grant` is the `grant_type` site of the
 * request, `fn` the function around it.
 */
export function fixedTokenUrl(j: JSCodeshift, fn: ASTPath, grant: ASTPath): string | undefined {
  const grantNode = grant.node;
  const holds = (from: ASTPath, arg: N): boolean => {
    if (arg === grantNode || j(arg as any).find(j.Node, (m: N) => m === grantNode).size() > 0) return true;
    if (arg.type === 'Identifier') { const init = constInit(from, arg.name); return !!init && holds(from, init); }
    return false;
  };
  let url: string | undefined;
  j(fn).find(j.CallExpression).forEach((p) => {
    if (url) return;
    const c = p.node as N;
    const args = c.arguments as N[];
    if (args.length === 0 || !args.some((a) => holds(p, a))) return;
    url = fixedOrConfigured(p, args[0]);
  });
  return url;
}

/** A URL fixed in the code (the URL itself), or one the module's configuration names (`the one \`config.issuer\` names`). */
function fixedOrConfigured(from: ASTPath, n: N | undefined): string | undefined {
  const fixed = absoluteUrl(literal(from, n));
  if (fixed) return fixed;
  const setting = configured(from, n);
  return setting ? `the one \`${setting}\` names` : undefined;
}

const CONFIG_ROOT = /^(config|conf|cfg|settings|env|CONFIG|SETTINGS|ENV)$/;

/**
 * A value that comes from one configuration setting: `config.issuer`, `this.config.tokenUrl`,
 * `process.env.TOKEN_URL`, or a template / const made of literals and one such setting
 * (`${config.issuer}/oauth2/token`). A client whose authorization server is configured, not
 * discovered from the MCP servers it meets, talks to that one server: nothing to mix up
 * (RFC 9207 §1). Not a setting: a parameter of the requesting function (`config.tokenUrl` may
 * differ per call; a factory's parameter closed over by the handler it returns is a setting),
 * an element picked by key (`config.providers[name]`), a value read off a fetched response.
 * Returns the setting's text.
 */
function configured(from: ASTPath, n: N | undefined, depth = 0): string | undefined {
  if (!n || depth > 4) return undefined;
  if (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression') return configured(from, n.expression, depth + 1);
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'URL') {
    // new URL('/oauth/token', config.issuer)
    const [path, base] = n.arguments as N[];
    if (base === undefined) return configured(from, path, depth + 1);
    return literal(from, path) !== undefined ? configured(from, base, depth + 1) : undefined;
  }
  if (n.type === 'TemplateLiteral' || (n.type === 'BinaryExpression' && n.operator === '+')) {
    const parts = n.type === 'TemplateLiteral' ? (n.expressions as N[]) : [n.left, n.right];
    let setting: string | undefined;
    for (const part of parts) {
      if (literal(from, part) !== undefined) continue;
      const found = configured(from, part, depth + 1);
      if (!found || (setting && setting !== found)) return undefined;
      setting = found;
    }
    return setting;
  }
  if (n.type === 'Identifier') {
    const init = constInit(from, n.name);
    return init ? configured(from, init, depth + 1) : undefined;
  }
  if (n.type !== 'MemberExpression' && n.type !== 'OptionalMemberExpression') return undefined;
  const chain: string[] = [];
  let at: N = n;
  while (at.type === 'MemberExpression' || at.type === 'OptionalMemberExpression') {
    if (at.computed) return undefined;
    chain.unshift(at.property.name);
    at = at.object;
  }
  if (at.type === 'ThisExpression') return CONFIG_ROOT.test(chain[0] ?? '') && chain.length > 1 ? `this.${chain.join('.')}` : undefined;
  if (at.type === 'MetaProperty') return chain[0] === 'env' && chain.length > 1 ? `import.meta.${chain.join('.')}` : undefined;
  if (at.type !== 'Identifier') return undefined;
  if (at.name === 'process') return chain[0] === 'env' && chain.length > 1 ? `process.${chain.join('.')}` : undefined;
  if (!CONFIG_ROOT.test(at.name)) return undefined;
  // A parameter of the function that makes the request may differ per call; one of a factory
  // around it (`handleCallback(config)` returning the route handler) is fixed when it is built.
  const owner = parameterOwner(from, at.name);
  if (owner && owner === nearestFunction(from)) return undefined;
  return `${at.name}.${chain.join('.')}`;
}

function nearestFunction(from: ASTPath): N | undefined {
  for (let p: ASTPath | null = from.parent; p; p = p.parent) if (FUNCTION.test((p.node as N).type)) return p.node as N;
  return undefined;
}

/** The function whose parameter list binds `name` as seen from `from`, if a parameter binds it. */
function parameterOwner(from: ASTPath, name: string): N | undefined {
  const scope = (from as any).scope?.lookup(name);
  const binding: ASTPath | undefined = scope?.getBindings()[name]?.[0];
  if (!binding) return undefined;
  for (let p: ASTPath | null = binding.parent; p; p = p.parent) {
    const node = p.node as N;
    if (FUNCTION.test(node.type)) return (node.params as N[]).some((q) => q === binding.node || contains(q, binding.node as N)) ? node : undefined;
    if (node.type === 'VariableDeclarator' || node.type === 'ImportDeclaration' || node.type === 'CatchClause') return undefined;
  }
  return undefined;
}

function contains(outer: N, inner: N): boolean {
  if (outer === inner) return true;
  for (const k of Object.keys(outer)) {
    if (k === 'loc' || k === 'comments' || k === 'leadingComments' || k === 'trailingComments') continue;
    const v = (outer as N)[k];
    for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c === 'object' && typeof c.type === 'string' && contains(c, inner)) return true;
  }
  return false;
}

/**
 * The fixed token URL a redirect's code is handed on with: the literal first argument of the
 * request that redeems it (`fetch('https://slack.com/api/oauth.v2.access', …)`), or a literal
 * URL-valued option of the helper it goes to (`redeem({ code, upstream_url: 'https://…' })`).
 */
export function fixedUrlOfHop(hop: ASTPath, kind: 'exchange' | 'call'): string | undefined {
  const call = hop.node as N;
  const args = (call.arguments ?? []) as N[];
  if (kind === 'exchange') return fixedOrConfigured(hop, args[0]);
  for (const a of args) {
    if (a.type !== 'ObjectExpression') continue;
    for (const prop of a.properties as N[]) {
      const key = prop.key?.type === 'Identifier' ? prop.key.name : strValue(prop.key);
      if (!key || !/(url|endpoint)$/i.test(key)) continue;
      const url = fixedOrConfigured(hop, prop.value);
      if (url) return url;
    }
  }
  return undefined;
}

function absoluteUrl(value: string | undefined): string | undefined {
  return value && /^https?:\/\/[^/$*]+/.test(value) ? value : undefined;
}

/** A string fixed in the code: a literal, or a template / const made only of literals. */
function literal(from: ASTPath, n: N | undefined, depth = 0): string | undefined {
  if (!n || depth > 4) return undefined;
  if (n.type === 'StringLiteral' || (n.type === 'Literal' && typeof n.value === 'string')) return n.value;
  if (n.type === 'TemplateLiteral') {
    let out = n.quasis[0].value.cooked ?? '';
    for (let i = 0; i < n.expressions.length; i++) {
      const part = literal(from, n.expressions[i], depth + 1);
      if (part === undefined) return undefined;
      out += part + (n.quasis[i + 1].value.cooked ?? '');
    }
    return out;
  }
  if (n.type === 'Identifier') {
    const init = constInit(from, n.name);
    return init ? literal(from, init, depth + 1) : undefined;
  }
  return undefined;
}

/** The initializer of the const (or never-reassigned let) `name` as seen from `from`. */
function constInit(from: ASTPath, name: string): N | undefined {
  const scope = (from as any).scope?.lookup(name);
  const binding: ASTPath | undefined = scope?.getBindings()[name]?.[0];
  const decl = binding?.parent?.node as N | undefined;
  if (decl?.type !== 'VariableDeclarator' || decl.id !== binding!.node) return undefined;
  const kind = (binding!.parent?.parent?.node as N | undefined)?.kind;
  return kind === 'const' ? decl.init ?? undefined : undefined;
}

/** The route paths of the handlers around `at`: `app.get('/.well-known/x', h)` gives that path. */
export function routePathsAround(at: ASTPath): string[] {
  const paths: string[] = [];
  for (let p: ASTPath | null = at.parentPath; p; p = p.parentPath) {
    if (!FUNCTION.test((p.node as N).type)) continue;
    const call = p.parent?.node as N | undefined;
    if (call?.type !== 'CallExpression' || !call.arguments.includes(p.node)) continue;
    for (const a of call.arguments as N[]) { const s = strValue(a); if (s?.startsWith('/')) paths.push(s); }
  }
  return paths;
}

const WELL_KNOWN_ROUTE = /\/\.well-known\/(oauth-authorization-server|openid-configuration|oauth-protected-resource)/;

/**
 * Does `at` sit in a handler that serves OAuth / OpenID metadata (a discovery pass-through),
 * or in a same-file helper such a handler calls (`proxyWellKnown(c, target)`)?
 */
export function servesWellKnown(j: JSCodeshift, root: Collection, at: ASTPath): boolean {
  if (routePathsAround(at).some((p) => WELL_KNOWN_ROUTE.test(p))) return true;
  const fn = enclosingFunctionOf(at);
  if (fn && relaysFetchedBody(j, fn)) return true;
  const name = fn && functionName(fn);
  if (!name) return false;
  const calls = root.find(j.CallExpression, (n: N) => n.callee.type === 'Identifier' && n.callee.name === name).paths();
  return calls.length > 0 && calls.every((call) => routePathsAround(call).some((p) => WELL_KNOWN_ROUTE.test(p)));
}

const RESPONDS = /^(json|jsonResponse|send|respond|Response|\w+Response)$/;

/**
 * The function answers with the fetched body itself: `jsonResponse(await res.json())`,
 * `c.json(await upstream.json())`, `new Response(await r.text())` (judged false on the trial:
 * a resource server re-serving its authorization server's metadata). Its clients read it.
 */
function relaysFetchedBody(j: JSCodeshift, fn: ASTPath): boolean {
  const isBodyRead = (n: N | undefined): boolean => {
    const e = n?.type === 'AwaitExpression' ? n.argument : n;
    return e?.type === 'CallExpression' && e.arguments.length === 0 && e.callee.type === 'MemberExpression' &&
      !e.callee.computed && /^(json|text)$/.test(e.callee.property.name);
  };
  return j(fn).find(j.Node, (n: N) => (n.type === 'CallExpression' || n.type === 'NewExpression') && (n.arguments as N[]).some(isBodyRead))
    .some((p) => {
      const callee = (p.node as N).callee as N;
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
      return !!name && RESPONDS.test(name);
    });
}

function enclosingFunctionOf(at: ASTPath): ASTPath | undefined {
  for (let p: ASTPath | null = at.parentPath; p; p = p.parentPath) if (FUNCTION.test((p.node as N).type)) return p;
  return undefined;
}

/** Names of the functions `fn` calls directly (`f()`, `this.f()`, `obj.f()`). */
function calleesOf(j: JSCodeshift, fn: ASTPath): Set<string> {
  const names = new Set<string>();
  j(fn).find(j.CallExpression).forEach((p) => {
    const c = (p.node as N).callee;
    if (c.type === 'Identifier') names.add(c.name);
    else if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier') names.add(c.property.name);
  });
  return names;
}

/**
 * Is a hand-written metadata `issuer` comparison in reach of `at` (RFC 8414 §3.3 done by the
 * author)? In reach: in the function around `at`, or in a same-file function that it, or a
 * same-file caller of it, calls: `for (url of metadataUrls(issuer)) bind(await fetch(url))`
 * with the comparison inside `bind`. `ours` is the first comment line of the check this rule
 * inserts, which is not counted.
 */
export function issuerComparedInReach(j: JSCodeshift, root: Collection, at: ASTPath, source: string, ours: string): boolean {
  const comparing = new Set<unknown>();
  const comparingNames = new Set<string>();
  root.find(j.BinaryExpression, (n: N) => /^[!=]==?$/.test(n.operator)).forEach((p) => {
    const n = p.node as N;
    // `meta.issuer !== x`, also normalized first: `canonical(new URL(meta.issuer)) !== x`
    // (`typeof meta.issuer !== 'string'` alone compares nothing).
    const isIssuer = (s: N) => (s.type === 'MemberExpression' || s.type === 'OptionalMemberExpression') &&
      ((!s.computed && s.property.type === 'Identifier' && s.property.name === 'issuer') || (s.computed && strValue(s.property) === 'issuer'));
    const side = [n.left, n.right].find((s: N) => s.type !== 'UnaryExpression' && (isIssuer(s) ||
      j(s as any).find(j.Node, (m: N) => isIssuer(m)).size() > 0));
    if (!side) return;
    // The check we insert sits right under our comment: it is not the author's.
    const start = (n.start as number | undefined) ?? 0;
    if (source.slice(Math.max(0, start - 400), start).includes(ours)) return;
    const fn = enclosingFunctionOf(p);
    if (!fn) return;
    comparing.add(fn.node);
    const name = functionName(fn);
    if (name) comparingNames.add(name);
  });
  if (comparing.size === 0) return false;
  const own = enclosingFunctionOf(at);
  if (!own) return false;
  const reaches = (fn: ASTPath) => comparing.has(fn.node) || [...calleesOf(j, fn)].some((c) => comparingNames.has(c));
  if (reaches(own)) return true;
  const ownName = functionName(own);
  if (!ownName) return false;
  return root.find(j.CallExpression, (n: N) => (n.callee.type === 'Identifier' && n.callee.name === ownName) ||
    (n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.property.name === ownName))
    .paths().some((call) => { const caller = enclosingFunctionOf(call); return !!caller && reaches(caller); });
}

const PROMPT = /^(question|prompt|ask|input|readLine|readline)$/i;

/**
 * Does the code `fn` redeems come from a person pasting it (readline's `rl.question(q, cb)`,
 * `await ask('Paste the code')` handed to it)? Then no `iss` comes with it: the advice is to
 * ask for the whole redirect URL, not to look for where a redirect is parsed.
 */
export function codeIsPasted(j: JSCodeshift, root: Collection, fn: ASTPath): boolean {
  const calleeName = (c: N): string | undefined => c.type === 'Identifier' ? c.name
    : c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' ? c.property.name : undefined;
  const call = fn.parent?.node as N | undefined;
  if (call?.type === 'CallExpression' && call.arguments.includes(fn.node) && PROMPT.test(calleeName(call.callee) ?? '')) return true;
  const name = functionName(fn);
  if (!name) return false;
  const prompted = (a: N): boolean => {
    const v = a.type === 'AwaitExpression' ? a.argument : a;
    return v?.type === 'CallExpression' && PROMPT.test(calleeName(v.callee) ?? '');
  };
  return root.find(j.CallExpression, (n: N) => calleeName(n.callee) === name).paths()
    .some((p) => ((p.node as N).arguments as N[]).some(prompted));
}

/**
 * Is `fn` the upstream leg of an authorization server: a callback that, once its own upstream
 * login is redeemed, completes the MCP client's authorization (`completeAuthorization(…)`, as
 * in `@cloudflare/workers-oauth-provider`)? Such a server signs users in with the one upstream
 * it is configured for, so there is no second authorization server to mix up (RFC 9207 §1);
 * its own clients check the `iss` it sends them.
 */
export function isUpstreamLegOfAuthorizationServer(j: JSCodeshift, fn: ASTPath): boolean {
  return j(fn).find(j.CallExpression, (n: N) => (n.callee.type === 'MemberExpression' || n.callee.type === 'OptionalMemberExpression') &&
    !n.callee.computed && n.callee.property.type === 'Identifier' && n.callee.property.name === 'completeAuthorization').size() > 0;
}
