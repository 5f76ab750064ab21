/**
 * SEP-2468 / RFC 9207: OAuth clients check `iss` on the authorization response, and
 * RFC 8414 §3.3: clients check `issuer` in fetched authorization server metadata.
 *
 * Decision table (../shared/docs/mcp-2026-07-28.md §2): `iss` present → must equal the
 * recorded issuer exactly (no normalization); `iss` missing → reject only when the AS
 * metadata advertises `authorization_response_iss_parameter_supported`.
 *
 * Shapes, each proven before it is rewritten:
 * - v2 SDK (`@modelcontextprotocol/client`): `finishAuth(code)` → `finishAuth(params)` when
 *   `code` came from the callback's URLSearchParams; `finishAuth(code, iss)` when it came
 *   from an express-style `req.query`; `auth(provider, { authorizationCode })` gains `iss`.
 *   The SDK then applies the decision table itself.
 * - v1 SDK (`@modelcontextprotocol/sdk`, no iss support): an explicit check before
 *   `finishAuth` when the AS metadata from `discoverAuthorizationServerMetadata` is in
 *   scope, else a marker pointing at the v2 upgrade.
 * - Hand-rolled clients: a function that reads `code` from the redirect and POSTs
 *   `grant_type=authorization_code` to `<metadata>.token_endpoint` gets the check, placed
 *   before the exchange and before any read of `error` / `error_description`.
 * - Hand-written metadata discovery (`/.well-known/oauth-authorization-server` or
 *   `openid-configuration` built as `${issuer}/…`, `issuer + '/…'`, `new URL('/…', issuer)`,
 *   through consts, for-of fallback lists, `.href`) gets the RFC 8414 §3.3 issuer echo check
 *   after the parsed metadata (a `return <json>` is split to make room). Every such URL ends
 *   in a check, a compliant finding or a marker saying why not (a URL-object base, a literal
 *   URL, another HTTP client, a metadata type without `issuer`, a promise chain).
 * - `oauth4webapi` validateAuthResponse, `openid-client` v6 authorizationCodeGrant, v2
 *   `finishAuth(params)` / `finishAuth(code, iss)`: reported compliant, never changed.
 * Anything else that exchanges a code gets a marker saying what to record and compare.
 */
import type { API, ASTPath, FileInfo, Options, Node } from 'jscodeshift';
import './lib/catch-scope.ts';
import { sdkFlavor } from './lib/sdk.ts';
import { report } from './lib/report.ts';
import { mark, isIgnored, hasComment, statementOf } from './lib/markers.ts';
import { print } from './lib/print.ts';
import { expressionFrom } from './lib/snippet.ts';
import { insertLinesBefore } from './lib/insert-text.ts';
import { rejectionLines } from './lib/error-flow.ts';
import { originalLines, replaceStatementLines } from './lib/replace-lines.ts';
import { codeReads, hopOf, issReadText, readsIssIn, type CodeHop } from './lib/redirect-params.ts';
import { inMcpPackage } from './lib/mcp-package.ts';
import { codeIsPasted, fixedTokenUrl, fixedUrlOfHop, isExportedFunction, isUpstreamLegOfAuthorizationServer, issuerComparedInReach, servesWellKnown } from './lib/oauth-roles.ts';
import { inMessageListener, messageDataOf, postedPayload } from './lib/popup-handoff.ts';
import { receivesSettledParams, resolveHandoff, type ResolveHandoff } from './lib/promise-handoff.ts';

export const meta = {
  id: 'issuer-validation',
  summary: 'OAuth clients validate `iss` (SEP-2468, RFC 9207) and the metadata issuer (RFC 8414 §3.3)',
  triggers: [
    'finishAuth',
    'authorization_code',
    'authorizationCode',
    '/.well-known/oauth-authorization-server',
    '/.well-known/openid-configuration',
    'validateAuthResponse',
    'authorizationCodeGrant',
    // Where a callback parses the redirect (./lib/redirect-params.ts): a read of `code` next
    // to `state` or in something named for a callback.
    ["'code')", 'state'],
    ['"code")', 'state'],
    ["'code')", 'allback'],
    ['"code")', 'allback'],
    ['query.code'],
    ['Params.code'],
    ['code', 'state', 'query'],
  ],
};
export const parser = 'tsx';

const rule = meta.id;
const WELL_KNOWN = /\/\.well-known\/(oauth-authorization-server|openid-configuration)/;
const ERROR_PARAMS = new Set(['error', 'error_description', 'error_uri']);
const V2_CLIENT = /^@modelcontextprotocol\/client(\/|$)/;
const V1_AUTH = /^@modelcontextprotocol\/sdk\/client\/auth(\.js)?$/;
const V1_DISCOVERY = new Set(['discoverAuthorizationServerMetadata', 'discoverOAuthMetadata']);
const ISS_CHECK_HEAD = '// RFC 9207 §2.4 (SEP-2468): reject a response';
const METADATA_CHECK_HEAD = '// RFC 8414 §3.3: use the metadata only if';
/** What to do on v2 at this SDK call: finishAuth takes the params; auth() takes `iss` beside the code. */
const upgradeHint = (label: string) => label.startsWith('auth(')
  ? 'run `mcp-migrate pins --to v2`, then pass the callback `iss` beside the code: auth(provider, { authorizationCode, iss })'
  : 'run `mcp-migrate pins --to v2`, then pass the callback URLSearchParams to finishAuth(params)';

/** The same, where only the code is in hand: `iss` has to be brought here from the redirect. */
const upgradeWithoutParams = (label: string) => label.startsWith('auth(')
  ? upgradeHint(label)
  : 'run `mcp-migrate pins --to v2`; only the code reaches this call, so bring the callback `iss` here with it from where the redirect is parsed and call finishAuth(code, iss)';

type N = Node & Record<string, any>;
type J = API['jscodeshift'];

/** Where the authorization response parameters live. */
type ResponseSource =
  | { kind: 'params'; expr: N } // a URLSearchParams: `url.searchParams`, `params`, `new URL(...).searchParams`
  | { kind: 'query'; expr: N }; // an express-style parsed query object: `req.query`

const NOT_A_FETCH = /^(log|info|debug|warn|error|trace|push|unshift|set|add|has|includes|startsWith|endsWith|encodeURI|encodeURIComponent|String|parse)$/;

const UPSTREAM_LEG = 'the upstream leg of an authorization server (this callback completes its own client\'s authorization): it signs in with the one upstream it is configured for, so there is nothing to mix up (RFC 9207 §1); its clients check the `iss` it sends';

function unwrap(node: N | null | undefined): N | null | undefined {
  let n = node;
  while (n && ['TSAsExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(n.type)) n = n.expression;
  // `x ?? ''` and `x || ''` keep the value of x when it is there.
  if (n?.type === 'LogicalExpression' && (n.operator === '??' || n.operator === '||')) return unwrap(n.left);
  return n;
}

function isString(node: N | null | undefined, value?: string): boolean {
  return !!node && (node.type === 'StringLiteral' || (node.type === 'Literal' && typeof node.value === 'string')) &&
    (value === undefined || node.value === value);
}

function propName(node: N): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && isString(node.property)) return node.property.value;
  return undefined;
}

function keyName(prop: N): string | undefined {
  if (prop.type !== 'ObjectProperty' && prop.type !== 'Property') return undefined;
  if (prop.key.type === 'Identifier' && !prop.computed) return prop.key.name;
  if (isString(prop.key)) return prop.key.value;
  return undefined;
}

/** An expression we may evaluate again elsewhere: identifiers, `this` and property chains. */
function isPure(node: N | null | undefined): boolean {
  const n = node;
  if (!n) return false;
  if (n.type === 'Identifier' || n.type === 'ThisExpression') return true;
  if (n.type === 'TSNonNullExpression') return isPure(n.expression);
  if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
    return isPure(n.object) && (!n.computed || isString(n.property) || n.property.type === 'NumericLiteral');
  }
  return false;
}

/** `new URL(<pure>, <pure|string>)`: re-evaluating it yields the same URL. */
function isUrlConstruction(node: N | null | undefined): boolean {
  return !!node && node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'URL' &&
    node.arguments.length >= 1 && node.arguments.every((a: N) => isPure(unwrap(a)) || isString(a) || a.type === 'TemplateLiteral');
}

function rootName(node: N): string | undefined {
  let n: N = node;
  while (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression' || n.type === 'TSNonNullExpression') n = n.type === 'TSNonNullExpression' ? n.expression : n.object;
  return n.type === 'Identifier' ? n.name : undefined;
}

function enclosingFunction(path: ASTPath): ASTPath | undefined {
  let p: ASTPath | null = path.parentPath;
  while (p) {
    if (/Function|ArrowFunctionExpression|ObjectMethod|ClassMethod/.test((p.node as N).type)) return p;
    p = p.parentPath;
  }
  return undefined;
}

/** The VariableDeclarator path binding `name` as seen from `from`, if it is one. */
function declaratorOf(from: ASTPath, name: string): ASTPath | undefined {
  const scope = (from as any).scope?.lookup(name);
  const binding: ASTPath | undefined = scope?.getBindings()[name]?.[0];
  let p: ASTPath | null | undefined = binding;
  for (let i = 0; p && i < 6; i++, p = p.parentPath) {
    if ((p.node as N).type === 'VariableDeclarator') return p;
    if (/Function|Program/.test((p.node as N).type)) return undefined;
  }
  return undefined;
}

/** A URLSearchParams expression: `x.searchParams`, `new URL(..).searchParams`, or a const bound to one. */
function asParams(from: ASTPath, node: N | null | undefined, depth = 0): N | undefined {
  const n = unwrap(node);
  if (!n || depth > 3) return undefined;
  if ((n.type === 'MemberExpression') && propName(n) === 'searchParams' && (isPure(n.object) || isUrlConstruction(n.object))) return n;
  if (n.type === 'Identifier') {
    const decl = declaratorOf(from, n.name);
    if (!decl) return undefined;
    const d = decl.node as N;
    const init = unwrap(d.init);
    if (d.id.type === 'Identifier' && init) {
      if (init.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === 'URLSearchParams') return n;
      if (asParams(decl, init, depth + 1)) return n;
    }
    // `const { searchParams } = new URL(req.url, base)` or `= url`
    if (d.id.type === 'ObjectPattern' && init && (isUrlConstruction(init) || isPure(init)) &&
        d.id.properties.some((p: N) => keyName(p) === 'searchParams' && p.value?.type === 'Identifier' && p.value.name === n.name)) return n;
  }
  return undefined;
}

/** `req.query`-like: a pure `<x>.query` chain. */
function asQuery(node: N | null | undefined): N | undefined {
  const n = unwrap(node);
  return n && (n.type === 'MemberExpression') && propName(n) === 'query' && isPure(n) ? n : undefined;
}

/** Where the value of an authorization-code expression came from. */
function sourceOfCode(from: ASTPath, node: N | null | undefined, depth = 0): ResponseSource | undefined {
  const n = unwrap(node);
  if (!n || depth > 3) return undefined;
  // P.get('code')
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && propName(n.callee) === 'get' && isString(n.arguments[0], 'code')) {
    const expr = asParams(from, n.callee.object);
    return expr ? { kind: 'params', expr } : undefined;
  }
  // Q.code
  if (n.type === 'MemberExpression' && propName(n) === 'code') {
    const q = asQuery(n.object);
    if (q) return { kind: 'query', expr: q };
    return undefined;
  }
  if (n.type === 'Identifier') {
    const decl = declaratorOf(from, n.name);
    if (!decl) return undefined;
    const d = decl.node as N;
    if (d.id.type === 'Identifier') return sourceOfCode(decl, d.init, depth + 1);
    if (d.id.type === 'ObjectPattern' && d.id.properties.some((p: N) => keyName(p) === 'code' && p.value?.type === 'Identifier' && p.value.name === n.name)) {
      const init = unwrap(d.init);
      const q = asQuery(init);
      if (q) return { kind: 'query', expr: q };
      // const { code } = Object.fromEntries(P)
      if (init?.type === 'CallExpression' && init.callee.type === 'MemberExpression' && init.callee.object.type === 'Identifier' &&
          init.callee.object.name === 'Object' && propName(init.callee) === 'fromEntries') {
        const expr = asParams(decl, init.arguments[0]);
        if (expr) return { kind: 'params', expr };
      }
    }
  }
  return undefined;
}

/** A URL built for AS metadata discovery, and the issuer it was built from when that can be read back. */
interface DiscoveryUrl {
  path: ASTPath;
  issuer?: N;
  form: 'template' | 'concat' | 'new-url' | 'literal';
}

function isWellKnownPath(value: string | undefined): boolean {
  return /^\/\.well-known\/(oauth-authorization-server|openid-configuration)$/.test(value ?? '');
}

function isUrlCtor(node: N): boolean {
  return node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'URL';
}

/** `fetch(...)`, `globalThis.fetch(...)`, `window.fetch(...)`. */
function isFetchCall(node: N): boolean {
  if (node.type !== 'CallExpression') return false;
  const c = node.callee;
  return (c.type === 'Identifier' && c.name === 'fetch') ||
    (c.type === 'MemberExpression' && propName(c) === 'fetch' && c.object.type === 'Identifier' && ['globalThis', 'window', 'self'].includes(c.object.name));
}

/** `n` is a string: a literal, a template, or an identifier declared `: string` or bound to a string literal. */
function provenString(from: ASTPath, n: N): boolean {
  if (isString(n) || n.type === 'TemplateLiteral') return true;
  if (n.type !== 'Identifier') return false;
  const scope = (from as any).scope?.lookup(n.name);
  const binding: ASTPath | undefined = scope?.getBindings()[n.name]?.[0];
  const id = binding?.node as N | undefined;
  if (!id) return false;
  if (id.typeAnnotation?.typeAnnotation?.type === 'TSStringKeyword') return true;
  const parent = binding!.parent?.node as N | undefined;
  // `issuer = 'https://…'` as a default parameter
  if (parent?.type === 'AssignmentPattern' && parent.left === id) return isString(parent.right) && !id.typeAnnotation;
  if (parent?.type === 'VariableDeclarator' && parent.id === id) {
    const init = unwrap(parent.init);
    return !!init && (isString(init) || (init.type === 'TemplateLiteral'));
  }
  return false;
}

const REJECT_WHEN = 'reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468)';

/** What to do at a hop that carries the code on without `iss`. */
function hopAdvice(hop: CodeHop, issRead: string): string {
  switch (hop.kind) {
    case 'resolve': return `this callback settles its promise with the authorization \`code\` but not \`iss\`: resolve with ${issRead} as well, and where the promise is awaited, before the code is redeemed, ${REJECT_WHEN}`;
    case 'post': return `this callback posts the authorization \`code\` to another window without \`iss\`: add ${issRead} to the message, and in the receiver, before the code is redeemed, ${REJECT_WHEN}`;
    case 'return': return `this returns the authorization \`code\` read from the redirect without \`iss\`: return ${issRead} with it, and in the caller, before the code is redeemed, ${REJECT_WHEN}`;
    case 'store': return `this stores the authorization \`code\` in ${hop.name} without \`iss\`: store ${issRead} beside it, and before the code is redeemed, ${REJECT_WHEN}`;
    case 'exchange': return `this request redeems the authorization \`code\` from the redirect without checking \`iss\`: read ${issRead} before it and ${REJECT_WHEN}`;
    case 'call': return `this hands the authorization \`code\` from the redirect to ${hop.name}() without \`iss\`: read ${issRead} here and pass it along (or check it here against the issuer this flow was started with); before the code is redeemed, ${REJECT_WHEN}`;
  }
}

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const j = api.jscodeshift;
  const ctx = { file, api, options };
  const root = j(file.source);
  const src = (node: N) => j(node as any).toSource();
  const flavor = sdkFlavor(j, root);
  let changed = false;
  let insertedIss = 0;
  let insertedMetadata = 0;
  // Why: judged false on the trial: an OAuth sign-in of a package that is no MCP client (an
  // OpenAPI plugin's generic OAuth2, a chat UI's LLM-provider login). RFC 9207's check is asked
  // of MCP clients; a file with no SDK import, no word of MCP, in a package neither named for
  // MCP nor depending on its SDK, is not one.
  if (flavor === 'none' && !/mcp/i.test(file.source) && !inMcpPackage(file.path, { byName: true })) {
    const read = codeReads(j, root)[0];
    if (read) {
      report(ctx, { rule, category: 'oauth-compliant', severity: 'info', resolution: 'manual', node: read.path,
        message: 'reads an authorization code in a package that is not an MCP client (no MCP SDK import or mention here, no MCP SDK among its package.json dependencies): no `iss` check is asked for; if this flow signs in to MCP servers\' authorization servers, check `iss` where the redirect is parsed (RFC 9207, SEP-2468)' });
    }
    return undefined;
  }

  const fixed = (node: unknown, category: string, message: string) =>
    report(ctx, { rule, category, severity: 'warning', resolution: 'fixed', message, node });
  const compliant = (node: unknown, message: string) =>
    report(ctx, { rule, category: 'oauth-compliant', severity: 'info', resolution: 'fixed', message, node });
  const marker = (path: ASTPath, category: string, message: string) => {
    // A marker goes above the first line of its statement; a statement sharing that line with
    // an enclosing one (`function f() { return …; }`) is marked at the enclosing statement,
    // where the comment is found again on the next run (idempotent).
    let stmt = statementOf(path);
    for (let i = 0; i < 8 && stmt.parentPath; i++) {
      const outer = statementOf(stmt.parentPath as ASTPath);
      if (outer === stmt || outer.node === stmt.node || (outer.node as N).loc?.start.line !== (stmt.node as N).loc?.start.line) break;
      stmt = outer;
    }
    const moved = stmt.node !== statementOf(path).node;
    changed = mark(j, ctx, moved ? stmt : path, { rule, category, message }) || changed;
  };

  const importedFrom = (source: RegExp | string, name: string): boolean => {
    let found = false;
    root.find(j.ImportDeclaration).forEach((p) => {
      const from = String(p.node.source.value);
      if (typeof source === 'string' ? from !== source : !source.test(from)) return;
      for (const s of p.node.specifiers ?? []) if (s.type === 'ImportSpecifier' && s.imported.name === name) found = true;
    });
    return found;
  };

  /** Names declared anywhere inside `fn` (params included), to pick a fresh one. */
  const freshName = (fn: ASTPath, candidates: string[]): string => {
    const used = new Set<string>();
    j(fn).find(j.Identifier).forEach((p) => used.add(p.node.name));
    return candidates.find((c) => !used.has(c) && !(fn as any).scope?.lookup(c)) ?? `${candidates[0]}_${used.size}`;
  };

  /**
   * Whether an object type declares member `name`: true, false (a type literal, or a local
   * interface / alias of one, without it, extends or an index signature), undefined (unknown).
   */
  const memberOf = (type: N | undefined, name: string, depth = 0): boolean | undefined => {
    if (!type || depth > 2) return undefined;
    const inMembers = (list: N[]) => list.some((m) => m.type === 'TSPropertySignature' && keyName({ ...m, type: 'ObjectProperty' }) === name) ||
      (list.some((m) => m.type === 'TSIndexSignature') ? undefined : false);
    if (type.type === 'TSTypeLiteral') return inMembers(type.members);
    if (type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return undefined;
    const typeName = type.typeName.name;
    const iface = root.find(j.TSInterfaceDeclaration, { id: { name: typeName } }).nodes() as N[];
    if (iface.length === 1) {
      const own = inMembers(iface[0].body.body);
      return own === false && iface[0].extends?.length ? undefined : own;
    }
    const alias = root.find(j.TSTypeAliasDeclaration, { id: { name: typeName } }).nodes() as N[];
    return alias.length === 1 ? memberOf(alias[0].typeAnnotation, name, depth + 1) : undefined;
  };
  const typeLacksIssuer = (type: N) => memberOf(type, 'issuer') === false;

  /** The declared type of identifier `name` as seen from `from` (a parameter or variable annotation). */
  const declaredType = (from: ASTPath, name: string): N | undefined => {
    const binding: ASTPath | undefined = (from as any).scope?.lookup(name)?.getBindings()[name]?.[0];
    return (binding?.node as N | undefined)?.typeAnnotation?.typeAnnotation;
  };

  /** Lines of the check (two-space indent steps); `reject` holds the rejection lines. */
  const issCheck = (source: ResponseSource, metadata: string, names: [string, string], reject: string[], typed: boolean): string[] => {
    const [name, advertisedName] = names;
    const read = source.kind === 'params' ? `${src(source.expr)}.get('iss')` : `${src(source.expr)}.iss`;
    const absent = source.kind === 'params' ? 'null' : 'undefined';
    // Metadata types (the SDK's, and hand-written interfaces) do not all declare the field:
    // unless this one is seen to, the `in` test narrows any object type so the check type-checks.
    const field = 'authorization_response_iss_parameter_supported';
    const advertised = typed ? `${metadata}.${field} === true` : `'${field}' in ${metadata} && ${metadata}.${field} === true`;
    return [
      `${ISS_CHECK_HEAD} whose \`iss\` differs from the issuer we redirected to`,
      '// (exact string match), or lacks `iss` when that authorization server advertises support for it.',
      `const ${name} = ${read};`,
      ...(typed
        ? [`if (${name} === ${absent} ? ${advertised} : ${name} !== ${metadata}.issuer) {`]
        : [`const ${advertisedName} = ${advertised};`, `if (${name} === ${absent} ? ${advertisedName} : ${name} !== ${metadata}.issuer) {`]),
      ...reject.map((line) => `  ${line}`),
      '}',
    ];
  };

  const rejection = (fn: ASTPath, what: string): string[] => rejectionLines(j, fn, what);

  /** Does `fn` already read `iss` from the response (our inserted check, or the author's own)? */
  const readsIss = (fn: ASTPath, source: ResponseSource): boolean => {
    const expr = src(source.expr);
    let found = false;
    j(fn).find(j.CallExpression).forEach((p) => {
      const c = p.node as N;
      if (c.callee.type === 'MemberExpression' && ['get', 'has'].includes(propName(c.callee) ?? '') && isString(c.arguments[0], 'iss')) found = true;
    });
    j(fn).find(j.MemberExpression).forEach((p) => {
      if (propName(p.node as N) === 'iss' && src((p.node as N).object) === expr) found = true;
    });
    j(fn).find(j.ObjectPattern).forEach((p) => {
      if ((p.node as N).properties.some((q: N) => keyName(q) === 'iss')) found = true;
    });
    return found;
  };

  /** Top-level statement index, within `block`, of the statement holding `path`. */
  const indexIn = (block: N, path: ASTPath): number => {
    let p: ASTPath | null = path;
    while (p && p.parentPath) {
      if (p.parentPath.node === block && Array.isArray(p.parentPath.value)) return p.name as number;
      if (p.parentPath.value === block.body && (p.parentPath.parentPath?.node === block)) return p.name as number;
      p = p.parentPath;
    }
    return -1;
  };

  /** The block statement directly holding the statement that holds `path`. */
  const blockOf = (path: ASTPath): ASTPath | undefined => {
    let p: ASTPath | null = path;
    while (p && p.parentPath) {
      const parent = p.parentPath.parentPath;
      if (Array.isArray(p.parentPath.value) && parent && ((parent.node as N).type === 'BlockStatement' || (parent.node as N).type === 'Program')) return parent;
      p = p.parentPath;
    }
    return undefined;
  };

  /** First statement of `block` (by index) mentioning an error parameter of the response. */
  const firstErrorUse = (block: N, fn: ASTPath): number => {
    let first = Infinity;
    const note = (p: ASTPath) => { const i = indexIn(block, p); if (i >= 0 && i < first) first = i; };
    j(fn).find(j.CallExpression).forEach((p) => {
      const c = p.node as N;
      if (c.callee.type === 'MemberExpression' && ['get', 'has', 'getAll'].includes(propName(c.callee) ?? '') &&
          isString(c.arguments[0]) && ERROR_PARAMS.has(c.arguments[0].value)) note(p);
    });
    j(fn).find(j.MemberExpression).forEach((p) => {
      const m = p.node as N;
      // `console.error(...)` is not the response's error.
      if (ERROR_PARAMS.has(propName(m) ?? '') && !(m.object.type === 'Identifier' && m.object.name === 'console')) note(p);
    });
    j(fn).find(j.Identifier).forEach((p) => {
      const parent = p.parent.node as N;
      const isPropertyName = (parent.type === 'MemberExpression' && parent.property === p.node && !parent.computed) ||
        ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.key === p.node && !parent.shorthand);
      if (ERROR_PARAMS.has(p.node.name) && !isPropertyName) note(p);
    });
    return first;
  };

  /**
   * Inserts the iss check into the function around `anchor` (the token exchange or the SDK
   * call), after `source` and `metadata` exist and before the anchor and any error read.
   * Returns a reason when it cannot.
   */
  const insertIssCheck = (anchor: ASTPath, source: ResponseSource, metadata: N, what: string): string | undefined => {
    const fn = enclosingFunction(anchor);
    if (!fn) return 'the code exchange is not inside a function';
    // The block: where the response params are declared, if that is in this function; else the function body.
    let block = (fn.node as N).body.type === 'BlockStatement' ? fn.get('body') as ASTPath : undefined;
    let lower = -1;
    const paramsRoot = rootName(source.expr.type === 'MemberExpression' && isUrlConstruction(source.expr.object) ? source.expr.object.arguments[0] : source.expr);
    for (const name of [paramsRoot, rootName(metadata)]) {
      if (!name || !block) continue;
      const decl = declaratorOf(anchor, name);
      if (!decl || !enclosingFunction(decl) || enclosingFunction(decl)!.node !== fn.node) continue;
      const declBlock = blockOf(decl);
      if (!declBlock) return `\`${name}\` is declared where a check cannot follow it`;
      if (name === paramsRoot) block = declBlock;
      else if (declBlock.node !== block.node) return `\`${name}\` is declared in another block than the callback parameters`;
      lower = Math.max(lower, indexIn(block.node as N, decl));
    }
    if (!block) return 'the callback has no block body';
    const at = Math.min(indexIn(block.node as N, anchor), firstErrorUse(block.node as N, fn));
    if (at < 0 || at === Infinity) return 'the code exchange is not in the block that reads the callback parameters';
    if (at <= lower) return 'the callback parameters or the metadata are read after `error` / the exchange';
    const names: [string, string] = [freshName(fn, ['iss', 'responseIss', 'callbackIss']), freshName(fn, ['issAdvertised', 'issParameterSupported', 'issRequired'])];
    const before = ((block.node as N).body as N[])[at];
    const typed = metadata.type === 'Identifier' && memberOf(declaredType(anchor, metadata.name), 'authorization_response_iss_parameter_supported') === true;
    insertLinesBefore(anchor, before, issCheck(source, src(metadata), names, rejection(fn, what), typed), file.source);
    insertedIss++;
    return undefined;
  };

  // 1. Libraries that already validate: report, never touch.
  for (const [lib, fnName] of [['oauth4webapi', 'validateAuthResponse'], ['openid-client', 'authorizationCodeGrant']] as const) {
    if (!importedFrom(lib, fnName) && root.find(j.ImportNamespaceSpecifier).filter((p) => String((p.parent.node as N).source.value) === lib).size() === 0) continue;
    root.find(j.CallExpression).forEach((p) => {
      const c = p.node as N;
      const name = c.callee.type === 'Identifier' ? c.callee.name : propName(c.callee);
      if (name === fnName) compliant(p, `${lib} ${fnName}() validates \`iss\` (RFC 9207): compliant`);
    });
  }

  // Functions whose code exchange sections 2 and 3 decide; a redirect parsed there needs nothing more.
  const handled = new Set<unknown>();
  const handle = (path: ASTPath) => handled.add(enclosingFunction(path)?.node);

  // Where redirects are parsed, and where each hands its code on (sections 2 and 5).
  const redirectReads = codeReads(j, root).map((read) => ({ read, fn: enclosingFunction(read.path)!, hop: hopOf(j, root, read) }));
  // A popup callback page posting the code to its opener, with the opener's listener in this
  // file: on v2 `iss` rides along in the message and the listener passes it to finishAuth.
  const popupSenders = flavor !== 'v2' ? [] : redirectReads.filter((r) => r.hop?.kind === 'post' && r.read.reader.kind !== 'pattern' &&
    postedPayload(r.hop.path.node as N) && !isIgnored(r.hop.path, rule));
  let popupReceivers = 0;
  // A loopback server settling a promise with the code, awaited here only by finishAuth: on v2
  // the promise carries the redirect's URLSearchParams instead, and finishAuth(params) checks.
  const handoffRefusals = new Map<unknown, string>();
  const handoffs: ResolveHandoff[] = [];
  if (flavor === 'v2') {
    for (const { read, hop } of redirectReads) {
      if (hop?.kind !== 'resolve' || isIgnored(hop.path, rule)) continue;
      const h = resolveHandoff(j, root, read, hop);
      if (typeof h === 'string') handoffRefusals.set(hop.path.node, h);
      else handoffs.push(h);
    }
  }
  const handoffConsumers = new Set(handoffs.flatMap((h) => h.consumers.map((c) => c.node)));

  // 2. SDK call sites: finishAuth(...) and auth(provider, { authorizationCode }).
  const v1SettledHops = new Set<unknown>();
  if (flavor !== 'none') {
    const v1Metadata = (from: ASTPath): N | undefined => {
      let found: N | undefined;
      root.find(j.VariableDeclarator).forEach((p) => {
        const d = p.node as N;
        const init = d.init?.type === 'AwaitExpression' ? d.init.argument : d.init;
        if (d.id.type === 'Identifier' && init?.type === 'CallExpression' && init.callee.type === 'Identifier' && V1_DISCOVERY.has(init.callee.name)) {
          const visible = (from as any).scope?.lookup(d.id.name);
          if (visible && visible.getBindings()[d.id.name]?.[0]?.parentPath?.node === d) found = d.id;
        }
      });
      return found;
    };

    const sdkCodeSite = (call: ASTPath, codeArg: N, apply: (source: ResponseSource) => void, label: string) => {
      const source = sourceOfCode(call, codeArg);
      if (flavor === 'v1') {
        const metadata = v1Metadata(call);
        const fn = enclosingFunction(call);
        if (source && metadata && fn && readsIss(fn, source)) return compliant(call, `${label}: \`iss\` is already read before the exchange`);
        if (source && metadata) {
          const why = insertIssCheck(call, source, metadata, 'Authorization response rejected: wrong or missing issuer (RFC 9207)');
          if (!why) {
            changed = true;
            return fixed(call, 'sdk-oauth-client', `${label}: SDK 1.x does not check \`iss\`; inserted the RFC 9207 check against ${src(metadata)}.issuer (then ${upgradeHint(label)})`);
          }
        }
        // The loopback callback in this file settles a promise with the code: the flow's one
        // marker goes at that hop, and says what 1.x needs.
        const settledHere = !source ? redirectReads.find((r) => r.hop?.kind === 'resolve') : undefined;
        if (settledHere) {
          v1SettledHops.add(settledHere.hop!.path.node);
          report(ctx, { rule, category: 'sdk-oauth-client', severity: 'info', resolution: 'manual', node: call,
            message: `${label}: its code comes from the callback at line ${(settledHere.read.path.node as N).loc?.start.line ?? '?'} of this file, which is marked where it settles its promise without \`iss\`` });
          return;
        }
        return marker(call, 'sdk-oauth-client',
          `SDK 1.x does not validate \`iss\` (RFC 9207, SEP-2468): ${source ? upgradeHint(label) : upgradeWithoutParams(label)}; until then compare the callback \`iss\` with the issuer recorded before the redirect, and reject when it differs or is missing while the AS advertises authorization_response_iss_parameter_supported`);
      }
      if (!source) {
        return marker(call, 'sdk-oauth-client',
          `${label.startsWith('auth(') ? 'pass the callback `iss` beside the code, auth(provider, { authorizationCode, iss }),' : 'pass the authorization callback URLSearchParams to finishAuth(params) (or finishAuth(code, iss))'} so the SDK validates \`iss\` (RFC 9207, SEP-2468); the code here does not come from a callback URL in reach`);
      }
      apply(source);
      changed = true;
    };

    const issArg = (source: ResponseSource): N => source.kind === 'params'
      ? expressionFrom(j, `${src(source.expr)}.get('iss') ?? undefined`)
      : expressionFrom(j, `typeof ${src(source.expr)}.iss === 'string' ? ${src(source.expr)}.iss : undefined`);

    root.find(j.CallExpression).forEach((path) => {
      const call = path.node as N;
      if (call.callee.type !== 'MemberExpression' || propName(call.callee) !== 'finishAuth' || isIgnored(path, rule)) return;
      const [first, second] = call.arguments as N[];
      if (!first) return;
      handle(path);
      if (second) return compliant(path, 'finishAuth(code, iss): the SDK validates `iss` (RFC 9207)');
      if (flavor === 'v2' && asParams(path, first)) return compliant(path, 'finishAuth(params): the SDK validates `iss` (RFC 9207)');
      if (handoffConsumers.has(call as any)) {
        changed = true;
        return fixed(path, 'sdk-oauth-client', 'finishAuth(code) → finishAuth(params): the loopback callback now settles with the redirect\'s URLSearchParams, so the SDK validates `iss` (RFC 9207, SEP-2468)');
      }
      if (flavor === 'v2' && receivesSettledParams(j, root, path)) return compliant(path, 'finishAuth(params): the awaited callback settles with the redirect\'s URLSearchParams, and the SDK validates `iss` (RFC 9207)');
      const data = popupSenders.length ? messageDataOf(first) : undefined;
      if (data && inMessageListener(j, root, path)) {
        call.arguments = [first, expressionFrom(j, `${src(data as any)}.iss ?? undefined`)];
        popupReceivers++;
        changed = true;
        return fixed(path, 'sdk-oauth-client', 'finishAuth(code) → finishAuth(code, iss): the popup callback in this file now posts `iss` with the code, and the SDK validates it (RFC 9207, SEP-2468)');
      }
      sdkCodeSite(path, first, (source) => {
        if (source.kind === 'params') {
          // Drop `const code = P.get('code')` when finishAuth was its only reader.
          const codeId = unwrap(first);
          call.arguments = [source.expr];
          if (codeId?.type === 'Identifier') {
            const decl = declaratorOf(path, codeId.name);
            const refs = root.find(j.Identifier, { name: codeId.name }).filter((p) => p.node !== (decl?.node as N)?.id && (p.parent.node as N).type !== 'ObjectProperty' && (p.parent.node as N).type !== 'MemberExpression' || (p.parent.node as N).object === p.node);
            const declStmt = decl?.parentPath?.parentPath;
            if (decl && refs.size() === 0 && (declStmt?.node as N)?.type === 'VariableDeclaration' && (declStmt!.node as N).declarations.length === 1 &&
                (decl.node as N).id.type === 'Identifier' && !hasComment(declStmt!, '')) j(declStmt!).remove();
          }
          fixed(path, 'sdk-oauth-client', `finishAuth(code) → finishAuth(${src(source.expr)}): the SDK now validates \`iss\` (RFC 9207, SEP-2468)`);
        } else {
          call.arguments = [first, issArg(source)];
          fixed(path, 'sdk-oauth-client', `finishAuth(code) → finishAuth(code, iss): the SDK now validates \`iss\` (RFC 9207, SEP-2468)`);
        }
      }, 'finishAuth(code)');
    });

    const authName = flavor === 'v2' ? (importedFrom(V2_CLIENT, 'auth') ? 'auth' : undefined) : (importedFrom(V1_AUTH, 'auth') ? 'auth' : undefined);
    if (authName) {
      root.find(j.CallExpression, { callee: { type: 'Identifier', name: authName } }).forEach((path) => {
        const options = (path.node as N).arguments[1] as N | undefined;
        if (options?.type !== 'ObjectExpression' || isIgnored(path, rule)) return;
        const codeProp = options.properties.find((p: N) => keyName(p) === 'authorizationCode');
        if (!codeProp) return;
        handle(path);
        // `iss` itself, or spread in conditionally: `...(r.iss !== undefined ? { iss: r.iss } : {})`.
        const passesIss = options.properties.some((p: N) => keyName(p) === 'iss' ||
          (p.type === 'SpreadElement' && j(p.argument).find(j.Node, (n: N) => (n.type === 'ObjectProperty' || n.type === 'Property') && keyName(n) === 'iss').size() > 0));
        if (passesIss) return compliant(path, 'auth({ authorizationCode, iss }): the SDK validates `iss` (RFC 9207)');
        sdkCodeSite(path, codeProp.value, (source) => {
          options.properties.splice(options.properties.indexOf(codeProp) + 1, 0, j.objectProperty(j.identifier('iss'), issArg(source) as any));
          fixed(path, 'sdk-oauth-client', 'auth({ authorizationCode }) now passes `iss`: the SDK validates it (RFC 9207, SEP-2468)');
        }, 'auth({ authorizationCode })');
      });
    }
  }

  // The senders of a popup hand-off whose receiver now passes `iss` on: add it to the message.
  if (popupReceivers > 0) {
    for (const { read, fn, hop } of popupSenders) {
      const payload = postedPayload(hop!.path.node as N)!;
      const codeAt = (payload.properties as N[]).findIndex((p) => keyName(p) === 'code');
      payload.properties.splice(codeAt + 1, 0, j.objectProperty(j.identifier('iss'), expressionFrom(j, issReadText(j, read.reader)) as any));
      handled.add(fn.node);
      fixed(hop!.path, 'oauth-callback', `the popup callback now posts \`iss\` with the code (${issReadText(j, read.reader)}); its receiver in this file passes it to finishAuth (RFC 9207, SEP-2468)`);
    }
  }

  for (const h of handoffs) {
    (h.resolveCall.node as N).arguments = [expressionFrom(j, src(h.params as any))];
    for (const list of h.stringTypes) list[0] = j.tsTypeReference(j.identifier('URLSearchParams'));
    // A log line of the code keeps logging the code, now read from the params.
    for (const ref of h.logged) ref.replace(j.callExpression(j.memberExpression(ref.node as any, j.identifier('get')), [j.stringLiteral('code')]));
    handled.add(enclosingFunction(h.resolveCall)?.node);
    changed = true;
    fixed(h.resolveCall, 'oauth-callback', `the callback now settles with the redirect's URLSearchParams (${src(h.params as any)}), which carry \`iss\` to finishAuth(params) (RFC 9207, SEP-2468)`);
  }

  // 3. Hand-rolled token exchanges: grant_type=authorization_code in a body we can see.
  const grantSites: ASTPath[] = [];
  root.find(j.ObjectProperty).forEach((p) => { if (keyName(p.node as N) === 'grant_type' && isString((p.node as N).value, 'authorization_code')) grantSites.push(p); });
  root.find(j.Property).forEach((p) => { if (keyName(p.node as N) === 'grant_type' && isString((p.node as N).value, 'authorization_code')) grantSites.push(p); });
  root.find(j.CallExpression).forEach((p) => {
    const c = p.node as N;
    if (c.callee.type === 'MemberExpression' && ['set', 'append'].includes(propName(c.callee) ?? '') &&
        isString(c.arguments[0], 'grant_type') && isString(c.arguments[1], 'authorization_code')) grantSites.push(p);
  });
  root.find(j.TemplateLiteral).forEach((p) => { if ((p.node as N).quasis.some((q: N) => q.value.cooked?.includes('grant_type=authorization_code'))) grantSites.push(p); });
  root.find(j.StringLiteral).forEach((p) => { if (String((p.node as N).value).includes('grant_type=authorization_code')) grantSites.push(p); });

  const servesTokenEndpoint = (fn: ASTPath): boolean => {
    const compares = j(fn).find(j.Node, (n: N) =>
      (n.type === 'BinaryExpression' && /^[!=]==?$/.test(n.operator) && (isString(n.left, 'authorization_code') || isString(n.right, 'authorization_code'))) ||
      (n.type === 'SwitchCase' && isString(n.test, 'authorization_code'))).size() > 0;
    const readsGrant = j(fn).find(j.CallExpression, (n: N) => n.callee.type === 'MemberExpression' && propName(n.callee) === 'get' && isString(n.arguments[0], 'grant_type')).size() > 0 ||
      j(fn).find(j.MemberExpression, (n: N) => propName(n) === 'grant_type' && (n.object.type === 'Identifier' ? /^(body|params|form|data)$/.test(n.object.name) : propName(n.object) === 'body'))
        .filter((p) => !((p.parent.node as N).type === 'AssignmentExpression' && (p.parent.node as N).left === p.node)).size() > 0;
    return compares || readsGrant;
  };

  // The same-file functions the parsed redirects (section 5) hand the code to: an exchange
  // helper called from one of them is marked at that hop, not again inside.
  const hopTargets = new Set(redirectReads.filter((r) => r.hop?.kind === 'call').map((r) => r.hop!.name.replace(/^this\./, '')));
  const nameOfFunction = (fn: ASTPath): string | undefined => {
    const f = fn.node as N;
    if (f.id?.type === 'Identifier') return f.id.name;
    if (f.key?.type === 'Identifier') return f.key.name;
    const holder = fn.parent?.node as N | undefined;
    return holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined;
  };

  const seenFns = new Set<unknown>();
  const fixedAsHelpers = new Set<string>();
  const grantFns = new Set(grantSites.map((g) => enclosingFunction(g)?.node));
  for (const grant of grantSites) {
    const fn = enclosingFunction(grant);
    if (!fn || seenFns.has(fn.node) || isIgnored(grant, rule)) continue;
    seenFns.add(fn.node);
    handled.add(fn.node);
    // A token endpoint reads the grant type it was sent (`grantType === 'authorization_code'`,
    // `params.get('grant_type')`): authorization-server code, not a client redirect.
    if (servesTokenEndpoint(fn)) {
      report(ctx, { rule, category: 'oauth-compliant', severity: 'info', resolution: 'manual', node: grant,
        message: 'authorization-server token endpoint (it reads the grant type it is sent): not an OAuth client, no iss check needed' });
      continue;
    }
    if (isUpstreamLegOfAuthorizationServer(j, fn)) {
      report(ctx, { rule, category: 'oauth-compliant', severity: 'info', resolution: 'manual', node: grant,
        message: UPSTREAM_LEG });
      continue;
    }
    // One fixed authorization server (a literal token URL): nothing to mix up.
    const fixedAs = fixedTokenUrl(j, fn, grant);
    if (fixedAs) {
      const name = nameOfFunction(fn);
      if (name) fixedAsHelpers.add(name);
      report(ctx, { rule, category: 'oauth-compliant', severity: 'info', resolution: 'manual', node: grant,
        message: `this code exchange can only reach one authorization server (${fixedAs}): a mix-up needs a client that talks to several (RFC 9207 §1), so no \`iss\` check is asked for; if its authorization server ever comes from discovery, check \`iss\` where the redirect is parsed` });
      continue;
    }
    // The token request: fetch/post/request whose first argument is `<metadata>.token_endpoint`.
    let metadata: N | undefined;
    let exchange: ASTPath | undefined;
    j(fn).find(j.CallExpression).forEach((p) => {
      if (exchange) return;
      const c = p.node as N;
      const calleeName = c.callee.type === 'Identifier' ? c.callee.name : propName(c.callee);
      if (!calleeName || !/^(fetch|post|request|got|ky)$/.test(calleeName)) return;
      let target = unwrap(c.arguments[0]);
      if (target?.type === 'NewExpression' && target.callee.type === 'Identifier' && target.callee.name === 'URL') target = unwrap(target.arguments[0]);
      if (target?.type === 'Identifier') {
        const decl = declaratorOf(p, target.name);
        if (decl && (decl.node as N).id.type === 'Identifier') target = unwrap((decl.node as N).init);
      }
      if (target && (target.type === 'MemberExpression') && propName(target) === 'token_endpoint' && isPure(target.object)) {
        metadata = target.object;
        exchange = p;
      }
    });
    // Where the code came from: a read of `code` from the redirect in this function.
    let source: ResponseSource | undefined;
    j(fn).find(j.CallExpression).forEach((p) => { source ??= sourceOfCode(p, p.node as N); });
    j(fn).find(j.MemberExpression).forEach((p) => { source ??= sourceOfCode(p, p.node as N); });
    j(fn).find(j.VariableDeclarator).forEach((p) => {
      const d = p.node as N;
      if (source || d.id.type !== 'ObjectPattern') return;
      const codeProp = d.id.properties.find((q: N) => keyName(q) === 'code' && q.value?.type === 'Identifier');
      if (codeProp) source = sourceOfCode(p.get('id', 'properties', d.id.properties.indexOf(codeProp), 'value') as ASTPath, codeProp.value);
    });

    // An OAuthClientProvider's prepareTokenRequest(code) hook: on v2 the SDK's auth() validates
    // `iss` before it asks for the token request; on v1 nothing does, so the marker stays.
    const hook = fn.node as N;
    if (!source && flavor === 'v2' && (hook.type === 'ClassMethod' || hook.type === 'ObjectMethod') && hook.key?.name === 'prepareTokenRequest') {
      compliant(grant, 'prepareTokenRequest(code): called by the v2 SDK after it validated `iss` (RFC 9207)');
      continue;
    }
    const helperName = nameOfFunction(fn);
    if (!source && helperName && hopTargets.has(helperName)) {
      report(ctx, { rule, category: 'hand-rolled-oauth-client', severity: 'info', resolution: 'manual', node: grant,
        message: `${helperName}() exchanges a code its caller in this file reads from the redirect: the \`iss\` check is asked for there` });
      continue;
    }
    // The code reaches this exchange from a redirect this file parses and hands on (through a
    // promise, a field, a queue): that hop gets the one marker of the flow.
    const handingOn = !source ? redirectReads.find((r) => r.hop && r.fn.node !== fn.node && !grantFns.has(r.fn.node)) : undefined;
    if (handingOn) {
      report(ctx, { rule, category: 'hand-rolled-oauth-client', severity: 'info', resolution: 'manual', node: grant,
        message: `${helperName ?? 'this function'}() exchanges a code it is given; this file parses the redirect at line ${(handingOn.read.path.node as N).loc?.start.line ?? '?'} and hands the code on there: the \`iss\` check is asked for at that hop` });
      continue;
    }
    // An exchange helper other modules call: the redirect is parsed (and marked at the hop that
    // hands the code on) in its callers, so a marker here would be a second one for one flow.
    if (!source && isExportedFunction(j, root, fn)) {
      report(ctx, { rule, category: 'hand-rolled-oauth-client', severity: 'info', resolution: 'manual', node: grant,
        message: `${helperName ?? 'this function'}() exchanges a code it is given and is exported: the \`iss\` check belongs where its callers parse the redirect (RFC 9207, SEP-2468)` });
      continue;
    }
    if (!source && codeIsPasted(j, root, fn)) {
      marker(grant, 'hand-rolled-oauth-client',
        'this exchange redeems a code a person pastes, and no `iss` comes with it: ask for the whole redirect URL instead and, before redeeming, reject it when its `iss` differs from the issuer recorded before redirecting (exact match) or is missing while the authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468)');
      continue;
    }
    if (!source) {
      marker(grant, 'hand-rolled-oauth-client',
        'this authorization code exchange gets `code` from its caller: where the redirect is parsed, compare its `iss` with the issuer recorded before redirecting (exact match; reject when missing and the AS advertises authorization_response_iss_parameter_supported) before calling this (RFC 9207, SEP-2468)');
      continue;
    }
    if (readsIss(fn, source)) {
      compliant(grant, 'the callback reads `iss` before the code exchange (RFC 9207)');
      continue;
    }
    if (!metadata || !exchange) {
      marker(grant, 'hand-rolled-oauth-client',
        'record the authorization server issuer (and whether its metadata sets authorization_response_iss_parameter_supported) before redirecting, and reject this callback before the code exchange when `iss` differs from it or is missing while advertised (RFC 9207, SEP-2468)');
      continue;
    }
    const why = insertIssCheck(exchange, source, metadata, 'Authorization response rejected: wrong or missing issuer (RFC 9207)');
    if (why) {
      marker(grant, 'hand-rolled-oauth-client', `check \`iss\` against ${src(metadata)}.issuer before this exchange and before reading \`error\` (RFC 9207, SEP-2468); not inserted automatically: ${why}`);
      continue;
    }
    changed = true;
    fixed(exchange, 'hand-rolled-oauth-client', `inserted the RFC 9207 \`iss\` check against ${src(metadata)}.issuer before the code exchange`);
  }

  /** Identifier paths reading the binding declared by `decl` (a VariableDeclarator path). */
  const referencesOf = (decl: ASTPath): ASTPath[] => {
    const id = (decl.node as N).id as N;
    if (id.type !== 'Identifier') return [];
    const scope = (decl as any).scope?.lookup(id.name);
    if (!scope) return [];
    return root.find(j.Identifier, { name: id.name }).filter((p) => {
      const parent = p.parent?.node as N;
      if (p.node === id) return false;
      if (parent?.type === 'MemberExpression' && parent.property === p.node && !parent.computed) return false;
      if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property') && parent.key === p.node && !parent.shorthand) return false;
      if (parent?.type?.startsWith('TS') && parent.type !== 'TSAsExpression' && parent.type !== 'TSNonNullExpression' && parent.type !== 'TSSatisfiesExpression') return false;
      return (p as any).scope?.lookup(id.name) === scope;
    }).paths();
  };

  /** Readers of the loop variable of `for (const x of <array>)`, the array given directly or through a const. */
  const loopVariables = (array: ASTPath, depth = 0): ASTPath[] => {
    const holder = array.parent?.node as N | undefined;
    if (holder?.type === 'ForOfStatement' && holder.right === array.node && holder.left.type === 'VariableDeclaration' &&
        holder.left.declarations.length === 1 && holder.left.declarations[0].id.type === 'Identifier') {
      return referencesOf(array.parent!.get('left', 'declarations', 0));
    }
    if (holder?.type === 'VariableDeclarator' && holder.init === array.node && depth < 2) {
      return referencesOf(array.parent!).flatMap((ref) => loopVariables(ref, depth + 1));
    }
    return [];
  };

  /**
   * The discovery URLs a well-known path text at `at` takes part in (`text` is its value;
   * `at` is the literal, or a reference to a const holding it).
   */
  const urlsFrom = (at: ASTPath, text: string, depth = 0): DiscoveryUrl[] => {
    const node = at.node as N;
    const parent = at.parent?.node as N | undefined;
    if (!parent || parent.type === 'TSLiteralType' || parent.type.startsWith('TSEnum')) return [];
    if (/^https?:\/\//i.test(text)) {
      // A literal URL: which issuer it was built from is not in the text (`https://as` and
      // `https://as/` give the same well-known URL, RFC 8414 §3.1).
      if (parent.type === 'NewExpression' && isUrlCtor(parent) && parent.arguments[0] === node) return [{ path: at.parent, form: 'literal' }];
      if (parent.type === 'VariableDeclarator' || isFetchCall(parent)) return [{ path: at, form: 'literal' }];
      return [];
    }
    // issuer + '/.well-known/...'
    if (parent.type === 'BinaryExpression' && parent.operator === '+' && parent.right === node) {
      const left = unwrap(parent.left);
      const exact = isWellKnownPath(text) && !(left?.type === 'BinaryExpression');
      return [{ path: at.parent, issuer: exact ? parent.left : undefined, form: 'concat' }];
    }
    // new URL('/.well-known/...', issuer)
    if (parent.type === 'NewExpression' && isUrlCtor(parent) && parent.arguments[0] === node && parent.arguments[1]) {
      return [{ path: at.parent, issuer: isWellKnownPath(text) ? parent.arguments[1] : undefined, form: 'new-url' }];
    }
    // `${issuer}${PATH}` with PATH a const holding the well-known path
    if (parent.type === 'TemplateLiteral' && node.type === 'Identifier') {
      const exact = parent.expressions.length === 2 && parent.expressions[1] === node && parent.quasis.every((q: N) => q.value.cooked === '') && isWellKnownPath(text);
      return [{ path: at.parent, issuer: exact ? parent.expressions[0] : undefined, form: 'template' }];
    }
    // const PATH = '/.well-known/...': follow its readers.
    if (parent.type === 'VariableDeclarator' && parent.init === node && depth < 3) {
      return referencesOf(at.parent).flatMap((ref) => urlsFrom(ref, text, depth + 1));
    }
    // for (const path of ['/.well-known/oauth-authorization-server', ...]): follow the loop variable.
    if (parent.type === 'ArrayExpression' && depth < 3) return loopVariables(at.parent).flatMap((ref) => urlsFrom(ref, text, depth + 1));
    // fetch('/.well-known/...'): relative to the page's origin.
    if (isFetchCall(parent) && parent.arguments[0] === node) return [{ path: at, form: 'literal' }];
    // A route, a comparison, an argument of something else: not a URL built for fetching.
    return [];
  };

  /** Where a discovery URL goes: fetch calls (directly, `.href`, `String(u)`, through consts), or the place we lost it. */
  const fetchesOf = (urlPath: ASTPath, depth = 0): Array<{ fetch?: ASTPath; at: ASTPath; via?: { call: ASTPath; name: string } }> => {
    let p: ASTPath = urlPath;
    for (let i = 0; i < 6 && p.parent; i++) {
      const parent = p.parent.node as N;
      if (['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(parent.type)) { p = p.parent; continue; }
      if (parent.type === 'MemberExpression' && parent.object === p.node && propName(parent) === 'href') { p = p.parent; continue; }
      if (parent.type === 'MemberExpression' && parent.object === p.node && propName(parent) === 'toString' &&
          (p.parent.parent?.node as N)?.type === 'CallExpression' && (p.parent.parent!.node as N).callee === parent) { p = p.parent.parent!; continue; }
      if (parent.type === 'CallExpression' && parent.callee.type === 'Identifier' && parent.callee.name === 'String' && parent.arguments[0] === p.node) { p = p.parent; continue; }
      if (isUrlCtor(parent) && parent.arguments.length === 1 && parent.arguments[0] === p.node) { p = p.parent; continue; }
      break;
    }
    const parent = p.parent?.node as N | undefined;
    if (parent && isFetchCall(parent) && parent.arguments[0] === p.node) return [{ fetch: p.parent, at: p.parent }];
    // `for (const url of urls) fetch(url)`: each item is fetched.
    const item = parent?.type === 'ForOfStatement' && parent.right === p.node && parent.left.type === 'VariableDeclaration' &&
      parent.left.declarations.length === 1 && parent.left.declarations[0].id.type === 'Identifier'
      ? p.parent!.get('left', 'declarations', 0) as ASTPath : undefined;
    if (item && depth < 3) {
      const uses = referencesOf(item).flatMap((ref) => fetchesOf(ref, depth + 1));
      if (uses.some((u) => u.fetch)) return uses.filter((u) => u.fetch);
    }
    if (parent?.type === 'VariableDeclarator' && parent.init === p.node && parent.id.type === 'Identifier' && depth < 3) {
      const uses = referencesOf(p.parent).flatMap((ref) => fetchesOf(ref, depth + 1));
      // Other readers of the const (logging it, say) do not matter once a fetch is found.
      if (uses.some((u) => u.fetch)) return uses.filter((u) => u.fetch);
      // Handed to another HTTP helper (`fetchJSON(url)`): where it went, for the marker.
      const handed = uses.find((u) => u.via);
      if (handed) return [{ at: p, via: handed.via }];
    }
    // The first argument of a call we do not know as a fetch (`makeRequest(url, …)`, `ky(url)`).
    if (parent?.type === 'CallExpression' && parent.arguments[0] === p.node) {
      const callee = parent.callee as N;
      const name = callee.type === 'Identifier' ? callee.name
        : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
      // Logging it, collecting it or encoding it is not fetching it.
      if (name && !NOT_A_FETCH.test(name)) return [{ at: p, via: { call: p.parent!, name } }];
    }
    return [{ at: p }];
  };

  /**
   * The parsed metadata of a discovery fetch: `const M = <json>` (decl) or `return <json>`
   * (return), where <json> is `(await fetch(u)).json()` or `r.json()` of `const r = await fetch(u)`,
   * awaited and/or cast. A string says why it is not one of those.
   */
  const metadataOf = (fetchCall: ASTPath): string | { kind: 'decl' | 'return'; at: ASTPath; type?: N; needsAwait: boolean } => {
    let p: ASTPath | null = fetchCall.parent;
    while (p && ['AwaitExpression', 'ParenthesizedExpression'].includes((p.node as N).type)) p = p.parent;
    let jsonCall: ASTPath | undefined;
    if (p && (p.node as N).type === 'MemberExpression' && propName(p.node as N) === 'json' && (p.parent?.node as N)?.type === 'CallExpression') jsonCall = p.parent;
    else if (p && (p.node as N).type === 'VariableDeclarator' && (p.node as N).id.type === 'Identifier') {
      const resName = (p.node as N).id.name;
      jsonCall = referencesOf(p).map((r) => r.parent).find((m) => m && (m.node as N).type === 'MemberExpression' && propName(m.node as N) === 'json' &&
        (m.parent?.node as N)?.type === 'CallExpression' && (m.parent!.node as N).callee === m.node)?.parent;
      if (!jsonCall) return `\`${resName}.json()\` is not read where the transform can follow it`;
    }
    if (!jsonCall) return 'the response is not parsed with `.json()` where the transform can follow it';
    let q: ASTPath = jsonCall;
    let awaited = false;
    let type: N | undefined;
    while (q.parent && ['AwaitExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes((q.parent.node as N).type)) {
      q = q.parent;
      if ((q.node as N).type === 'AwaitExpression') awaited = true;
      else if ((q.node as N).type !== 'ParenthesizedExpression') {
        // `r.json() as Promise<M>` is the promise's type; only a cast after `await` types the metadata.
        if (!awaited) return 'the metadata promise is cast before it is awaited';
        type = (q.node as N).typeAnnotation;
      }
    }
    const holder = q.parent?.node as N | undefined;
    if (holder?.type === 'VariableDeclarator' && holder.init === q.node && holder.id.type === 'Identifier') {
      if (!awaited) return 'the metadata is kept as a promise';
      return { kind: 'decl', at: q.parent!, type: holder.id.typeAnnotation?.typeAnnotation ?? type, needsAwait: false };
    }
    if (holder?.type === 'ReturnStatement') return { kind: 'return', at: q.parent!, type, needsAwait: !awaited };
    return 'the parsed metadata is not stored in a const or returned';
  };

  /** The RFC 8414 §3.3 check lines. */
  const metadataCheck = (metaName: string, issuerText: string, form: DiscoveryUrl['form']): string[] => [
    ...(form === 'new-url'
      ? [`${METADATA_CHECK_HEAD} it names the issuer we asked for (exact match;`,
        '// an issuer with a path fails, as this URL drops the path that RFC 8414 §3.1 keeps).']
      : [`${METADATA_CHECK_HEAD} it names the issuer its URL was built from.`]),
    `if (${metaName}.issuer !== ${issuerText}) {`,
    "  throw new Error('Authorization server metadata rejected: issuer mismatch (RFC 8414 §3.3)');",
    '}',
  ];

  const returnRewrites: Array<{ loc: { start: { line: number }; end: { line: number } }; lines: Array<string | { verbatim: string }> }> = [];

  // 4. Hand-written AS metadata discovery: RFC 8414 §3.3 issuer echo. Every URL built for
  //    `/.well-known/oauth-authorization-server` or `openid-configuration` (template, `+`,
  //    `new URL(path, issuer)`, a literal URL, through consts) ends in an inserted check, a
  //    compliant finding or a marker. A bare path that is never built into a URL (a route an
  //    authorization server serves, a comparison) is not a fetch and is left alone.
  const discovery = new Map<unknown, DiscoveryUrl>();
  const addUrl = (u: DiscoveryUrl) => { if (!discovery.has(u.path.node)) discovery.set(u.path.node, u); };
  root.find(j.TemplateLiteral).forEach((p) => {
    const t = p.node as N;
    // A URL template starts with its base (`${issuer}/.well-known/…`) or a scheme; a message
    // that merely mentions the path does not.
    if (t.expressions.length > 0 && t.quasis.some((q: N) => WELL_KNOWN.test(q.value.cooked ?? '')) && /^(https?:\/\/.*)?$/i.test(t.quasis[0].value.cooked ?? '')) {
      const exact = t.expressions.length === 1 && t.quasis[0].value.cooked === '' && isWellKnownPath(t.quasis[1].value.cooked);
      addUrl({ path: p, issuer: exact ? t.expressions[0] : undefined, form: 'template' });
    } else if (t.expressions.length === 0 && WELL_KNOWN.test(t.quasis[0].value.cooked ?? '')) {
      urlsFrom(p, t.quasis[0].value.cooked).forEach(addUrl);
    }
  });
  root.find(j.Literal).forEach((p) => { const v = (p.node as N).value; if (typeof v === 'string' && WELL_KNOWN.test(v)) urlsFrom(p, v).forEach(addUrl); });

  /** The name of the function `at` is returned from (`return at`, `=> at`), if it has one. */
  const returnedBy = (url: ASTPath, depth = 0): string | undefined => {
    // Through the list it is one of (`return [a, b]`, `return [...new Set(urls)]`).
    let at = url;
    for (let i = 0; i < 6 && at.parent; i++) {
      const up = at.parent.node as N;
      if (up.type === 'ArrayExpression' || up.type === 'SpreadElement' || (up.type === 'NewExpression' && up.arguments.includes(at.node))) at = at.parent;
      else break;
    }
    const parent = at.parent?.node as N | undefined;
    let fn: ASTPath | undefined;
    if (parent?.type === 'ReturnStatement') fn = enclosingFunction(at);
    else if (parent?.type === 'ArrowFunctionExpression' && parent.body === at.node) fn = at.parent;
    else if (parent?.type === 'VariableDeclarator' && parent.init === at.node && depth < 2) {
      // `const urls = [...]; return [...new Set(urls)]`
      for (const ref of referencesOf(at.parent!)) { const name = returnedBy(ref, depth + 1); if (name) return name; }
      return undefined;
    }
    const f = fn?.node as N | undefined;
    if (!f) return undefined;
    if (f.id?.type === 'Identifier') return f.id.name;
    // A method of the class that fetches it: `private discoveryUrl() { return `…` }`.
    if ((f.type === 'ClassMethod' || f.type === 'ObjectMethod') && f.key?.type === 'Identifier' && !f.computed) return f.key.name;
    const holder = fn!.parent?.node as N | undefined;
    return holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined;
  };
  /** Calls of a same-file builder: `build(…)`, or `this.build(…)` for a method. */
  const callsOf = (name: string) => root.find(j.CallExpression, (n: N) => (n.callee.type === 'Identifier' && n.callee.name === name) ||
    (n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.object.type === 'ThisExpression' && n.callee.property.name === name)).paths();

  const seenFetches = new Set<unknown>();
  for (const url of discovery.values()) {
    if (isIgnored(url.path, rule)) continue;
    // Served to this server's own clients (who check it), or checked by hand in this file.
    if (servesWellKnown(j, root, url.path)) {
      compliant(url.path, 'metadata pass-through: this route serves the metadata to its own clients, which check its issuer (RFC 8414 §3.3)');
      continue;
    }
    if (issuerComparedInReach(j, root, url.path, file.source, METADATA_CHECK_HEAD)) {
      compliant(url.path, 'the metadata `issuer` is compared by hand where this URL is fetched (RFC 8414 §3.3)');
      continue;
    }
    const uses = fetchesOf(url.path);
    const fetches = uses.filter((u) => u.fetch);
    if (fetches.length === 0) {
      // A URL builder (`return new URL('/.well-known/…', base).href`): the check belongs at the
      // fetch of what it returns (RFC 8414 §3.3 is about the response), not at the builder.
      const builder = returnedBy(uses[0].at);
      if (builder) {
        const fetched = callsOf(builder)
          .flatMap((call) => fetchesOf(call)).filter((u) => u.fetch && !isIgnored(u.fetch, rule));
        for (const u of fetched) {
          if (seenFetches.has(u.fetch!.node)) continue;
          seenFetches.add(u.fetch!.node);
          marker(u.fetch!, 'oauth-metadata-discovery', `check that the metadata fetched here (URL from ${builder}()) has \`issuer\` equal to the issuer the URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468)`);
        }
        if (!fetched.length) {
          report(ctx, { rule, category: 'oauth-metadata-discovery', severity: 'info', resolution: 'manual', node: uses[0].at,
            message: `${builder}() returns an authorization server metadata URL; wherever its result is fetched, check that the metadata \`issuer\` equals the issuer the URL was built from (RFC 8414 §3.3, SEP-2468)` });
        }
        continue;
      }
      // Handed to an HTTP helper we do not know: the marker goes at that call, naming it.
      const via = uses[0].via;
      if (via && !isIgnored(via.call, rule)) {
        marker(via.call, 'oauth-metadata-discovery',
          `this fetches authorization server metadata through ${via.name}(): check that the metadata \`issuer\` it returns equals the issuer the URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468)`);
        continue;
      }
      // Built here, fetched by code we cannot follow.
      marker(uses[0].at, 'oauth-metadata-discovery',
        'this authorization server metadata URL is fetched where the transform cannot follow it: there, check that the metadata `issuer` equals the issuer the URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468)');
      continue;
    }
    for (const { fetch: fetchCall } of fetches) {
      if (!fetchCall || seenFetches.has(fetchCall.node)) continue;
      seenFetches.add(fetchCall.node);
      if (isIgnored(fetchCall, rule)) continue;
      const refuse = (why: string) => marker(fetchCall, 'oauth-metadata-discovery',
        `check that the fetched metadata \`issuer\` equals the issuer this URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468); not inserted automatically: ${why}`);
      // The issuer to compare with: what the caller passed in, as a string we can name again.
      const issuer = url.issuer ? unwrap(url.issuer) : undefined;
      if (!issuer) { refuse('the issuer cannot be read back from this URL (a literal URL may or may not end its issuer in `/`)'); continue; }
      if (url.form === 'new-url' ? !provenString(url.path, issuer) : !(isPure(issuer) || isString(issuer))) {
        refuse(url.form === 'new-url'
          ? `\`${src(issuer)}\` is not known to be the issuer string (a URL object never equals a string)`
          : `\`${src(issuer)}\` cannot be evaluated again`);
        continue;
      }
      const found = metadataOf(fetchCall);
      if (typeof found === 'string') { refuse(found); continue; }
      if (found.type && typeLacksIssuer(found.type)) { refuse(`its type \`${src(found.type)}\` does not declare \`issuer\``); continue; }
      const fn = enclosingFunction(found.at);
      if (found.kind === 'decl') {
        const metaDecl = found.at;
        const metaId = (metaDecl.node as N).id as N;
        // Already compared (our check or the author's)?
        const scopeNode = fn ?? root.get();
        const already = j(scopeNode).find(j.MemberExpression).filter((m) => propName(m.node as N) === 'issuer' && src((m.node as N).object) === metaId.name &&
          ['BinaryExpression', 'CallExpression'].includes((m.parent.node as N).type)).size() > 0;
        if (already) { compliant(metaDecl, 'the metadata issuer is compared with the discovery issuer (RFC 8414 §3.3)'); continue; }
        const stmt = metaDecl.parent;
        const block = blockOf(metaDecl);
        if (!stmt || !block || (stmt.node as N).type !== 'VariableDeclaration' || (stmt.node as N).declarations.length !== 1) {
          refuse('the metadata is not declared by a statement of its own');
          continue;
        }
        const body = (block.node as N).body as N[];
        const next = body[body.indexOf(stmt.node as N) + 1];
        if (!next) { refuse(`nothing follows \`${metaId.name}\` to place \`if (${metaId.name}.issuer !== ${src(issuer)})\` before`); continue; }
        insertLinesBefore(metaDecl, next, [
          ...metadataCheck(metaId.name, src(issuer), url.form),
          // Keep the blank line that separated the metadata from what follows.
          ...(next.loc && stmt.node.loc && next.loc.start.line > (stmt.node as N).loc!.end.line + 1 ? [''] : []),
        ], file.source);
        insertedMetadata++;
        changed = true;
        fixed(metaDecl, 'oauth-metadata-discovery', `inserted the RFC 8414 §3.3 check ${metaId.name}.issuer === ${src(issuer)}`);
        continue;
      }
      // `return <parsed metadata>`: becomes `const metadata = <it>;`, the check, `return metadata;`.
      const ret = found.at;
      const loc = (ret.node as N).loc;
      const first = loc ? originalLines(file.source, loc)[0] : '';
      const lead = /^[ \t]*/.exec(first)![0];
      // The return must have its lines to itself (columns cannot tell: babel sees tabs expanded).
      const siblings = (ret.parent?.node as N)?.type === 'BlockStatement' ? (ret.parent!.node as N).body as N[] : [];
      const at = siblings.indexOf(ret.node as N);
      const blockLoc = (ret.parent?.node as N)?.loc;
      const alone = !!loc && !!blockLoc && at >= 0 && blockLoc.start.line < loc.start.line && blockLoc.end.line > loc.end.line &&
        (at === 0 || (siblings[at - 1].loc?.end.line ?? Infinity) < loc.start.line) &&
        (at === siblings.length - 1 || (siblings[at + 1].loc?.start.line ?? -Infinity) > loc.end.line);
      if (!fn || !loc || !alone || !/^return\s/.test(first.slice(lead.length))) {
        refuse('the metadata is returned from a statement the transform cannot split');
        continue;
      }
      if (found.needsAwait && !(fn.node as N).async) { refuse('the metadata promise is returned from a function that is not async'); continue; }
      const name = freshName(fn, ['metadata', 'asMetadata', 'serverMetadata']);
      const rest = first.slice(lead.length).replace(/^return\s+/, '');
      const tail = originalLines(file.source, loc).slice(1).map((verbatim) => ({ verbatim }));
      returnRewrites.push({ loc, lines: [
        `const ${name} = ${found.needsAwait ? 'await ' : ''}${rest}`, ...tail,
        ...metadataCheck(name, src(issuer), url.form),
        `return ${name};`,
      ] });
      insertedMetadata++;
      changed = true;
      fixed(ret, 'oauth-metadata-discovery', `inserted the RFC 8414 §3.3 check ${name}.issuer === ${src(issuer)} before the metadata is returned`);
    }
  }

  // 5. Where the redirect is parsed and the code handed on without `iss` (a helper, a promise,
  //    another window, a store): one marker at that hop, naming where the code goes. The
  //    exchange itself is out of sight (another module, a framework), so nothing is inserted.
  for (const { read, fn, hop } of redirectReads) {
    if (handled.has(fn.node) || isIgnored(read.path, rule) || servesTokenEndpoint(fn)) continue;
    if (readsIssIn(j, fn)) {
      compliant(read.path, 'the callback reads `iss` where it parses the redirect (RFC 9207)');
      continue;
    }
    if (!hop) {
      report(ctx, { rule, category: 'oauth-callback', severity: 'info', resolution: 'manual', node: read.path,
        message: `reads the authorization \`code\` from the redirect but hands it nowhere the transform can follow: where it is redeemed, check \`iss\` (${issReadText(j, read.reader)}) first (RFC 9207, SEP-2468)` });
      continue;
    }
    if (isIgnored(hop.path, rule)) continue;
    if (hop.kind === 'call' && fixedAsHelpers.has(hop.name.replace(/^this\./, ''))) {
      report(ctx, { rule, category: 'oauth-compliant', severity: 'info', resolution: 'manual', node: hop.path,
        message: `this hands the code to ${hop.name}(), which redeems it at one fixed authorization server: nothing to mix up (RFC 9207 §1)` });
      continue;
    }
    if (isUpstreamLegOfAuthorizationServer(j, fn)) {
      report(ctx, { rule, category: 'oauth-compliant', severity: 'info', resolution: 'manual', node: hop.path,
        message: UPSTREAM_LEG });
      continue;
    }
    const fixedUrl = hop.kind === 'exchange' || hop.kind === 'call' ? fixedUrlOfHop(hop.path, hop.kind) : undefined;
    if (fixedUrl) {
      report(ctx, { rule, category: 'oauth-compliant', severity: 'info', resolution: 'manual', node: hop.path,
        message: `this code is redeemed at one fixed authorization server (${fixedUrl}): a mix-up needs a client that talks to several (RFC 9207 §1), so no \`iss\` check is asked for; if its authorization server ever comes from discovery, check \`iss\` here` });
      continue;
    }
    const refused = handoffRefusals.get(hop.path.node);
    const v1 = v1SettledHops.has(hop.path.node) ? `; this file is on SDK 1.x, whose finishAuth(code) takes no \`iss\`: ${upgradeHint('finishAuth(code)')}` : '';
    marker(hop.path, 'oauth-callback', hopAdvice(hop, issReadText(j, read.reader)) + (refused ? `; not rewritten to finishAuth(params): ${refused}` : '') + v1);
  }

  if (!changed) return undefined;
  let out = print(root, file.source);
  for (const r of [...returnRewrites].sort((a, b) => b.loc.start.line - a.loc.start.line)) {
    const next = replaceStatementLines(out, file.source, r.loc, r.lines);
    if (next === undefined) throw new Error('a metadata return could not be rewritten; file left unchanged');
    out = next;
  }
  // Inserted checks are spliced in as text (./lib/insert-text.ts): make sure each one landed,
  // so a finding never says `fixed` about a check that is not in the output.
  const count = (text: string, needle: string) => text.split(needle).length - 1;
  if (count(out, ISS_CHECK_HEAD) - count(file.source, ISS_CHECK_HEAD) !== insertedIss ||
      count(out, METADATA_CHECK_HEAD) - count(file.source, METADATA_CHECK_HEAD) !== insertedMetadata) {
    throw new Error('an inserted issuer check could not be placed; file left unchanged');
  }
  return out;
}
