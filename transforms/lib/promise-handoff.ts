/**
 * The loopback hand-off: a callback server settles a promise with the authorization code
 * (`resolve(code)`) and the function that awaits it redeems the code (`finishAuth(code)`).
 * On v2 `finishAuth` takes the redirect's URLSearchParams and validates `iss` itself, so the
 * promise can carry the params instead of the code — when every consumer of that promise is
 * in this file and only hands the value to `finishAuth`. Anything else is refused with the
 * reason, and the hop keeps its marker.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import type { CodeHop, CodeRead } from './redirect-params.ts';
import { enclosingFunction } from './redirect-params.ts';
import { isExportedFunction } from './oauth-roles.ts';
import { isLogCall } from './log-calls.ts';
import { functionName } from './function-name.ts';

type N = Record<string, any>;

export interface ResolveHandoff {
  /** `resolve(code)`, to become `resolve(<params>)`. */
  resolveCall: ASTPath;
  /** The URLSearchParams the code was read from (`url.searchParams`). */
  params: N;
  /** Where `Promise<string>` says the promise holds a string: the type-argument lists to change. */
  stringTypes: N[][];
  /** The `finishAuth(x)` calls that receive what the promise settles with. */
  consumers: ASTPath[];
  /** References of the awaited code that are only logged: they become `x.get('code')`. */
  logged: ASTPath[];
}

const isPureChain = (n: N): boolean => n.type === 'Identifier' ||
  (n.type === 'MemberExpression' && !n.computed && isPureChain(n.object));

/** `Promise<string>` (a type annotation's type): its type-argument list. */
function promiseOfString(t: N | undefined): N[] | undefined {
  if (t?.type !== 'TSTypeReference' || t.typeName?.name !== 'Promise') return undefined;
  const args = t.typeParameters?.params;
  return args?.length === 1 && args[0].type === 'TSStringKeyword' ? args : undefined;
}

/** References of the identifier declared at `decl` (a VariableDeclarator with an Identifier id). */
function refsOf(j: JSCodeshift, root: Collection, decl: ASTPath): ASTPath[] {
  const id = (decl.node as N).id;
  // The scope that declares it: inside a catch clause ast-types' nearest scope is the clause's,
  // while the const is declared in the function's.
  const scope = (decl.get('id') as any).scope?.lookup(id.name);
  return root.find(j.Identifier, { name: id.name }).filter((p) => {
    if (p.node === id) return false;
    const parent = p.parent?.node as N;
    if (parent?.type === 'MemberExpression' && parent.property === p.node && !parent.computed) return false;
    if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property') && parent.key === p.node && !parent.shorthand) return false;
    return (p as any).scope?.lookup(id.name) === scope;
  }).paths();
}

const isFinishAuthArg = (p: ASTPath): boolean => {
  const call = p.parent?.node as N | undefined;
  return call?.type === 'CallExpression' && call.arguments.length === 1 && call.arguments[0] === p.node &&
    call.callee.type === 'MemberExpression' && !call.callee.computed && call.callee.property.name === 'finishAuth';
};

/**
 * A reference that only reaches a log line, as an argument or inside a template argument
 * (`console.log('code received:', code)`): reading `.get('code')` there logs the same text.
 */
function isLoggedArg(p: ASTPath): boolean {
  let at: ASTPath = p;
  if ((at.parent?.node as N | undefined)?.type === 'TemplateLiteral') at = at.parent;
  const call = at.parent?.node as N | undefined;
  return isLogCall(call) && (call!.arguments as N[]).includes(at.node as N);
}

interface Consumers { finish: ASTPath[]; logged: ASTPath[] }

/** Where an awaited value of the promise goes: into `finishAuth(x)` and log lines only, or the reason it does not. */
function awaitedConsumers(j: JSCodeshift, root: Collection, awaited: ASTPath): Consumers | string {
  if (isFinishAuthArg(awaited)) return { finish: [awaited.parent], logged: [] };
  const holder = awaited.parent?.node as N | undefined;
  if (holder?.type !== 'VariableDeclarator' || holder.init !== awaited.node || holder.id.type !== 'Identifier') return 'the awaited code is not kept in a const';
  const refs = refsOf(j, root, awaited.parent);
  const finish = refs.filter(isFinishAuthArg);
  const logged = refs.filter(isLoggedArg);
  if (finish.length === 0 || finish.length + logged.length !== refs.length) return `\`${holder.id.name}\` is used for more than finishAuth(${holder.id.name})`;
  return { finish: finish.map((r) => r.parent), logged };
}

export function resolveHandoff(j: JSCodeshift, root: Collection, read: CodeRead, hop: CodeHop): ResolveHandoff | string {
  if (read.reader.kind !== 'get' || !isPureChain(read.reader.container)) return 'the code is not read from a URLSearchParams by name';
  const call = hop.path.node as N;
  if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.arguments.length !== 1) return 'the promise is settled through a helper';
  if (enclosingFunction(hop.path)?.node !== enclosingFunction(read.path)?.node) return 'the code is settled in another function than it is read in';
  const settled = call.arguments[0] as N;
  const isCode = settled === read.path.node || (settled.type === 'Identifier' && (read.binding?.node as N | undefined)?.name === settled.name);
  if (!isCode) return 'the promise settles with more than the code';
  // resolve is the first parameter of a `new Promise(executor)`.
  const scope = (hop.path.get('callee') as any).scope?.lookup(call.callee.name);
  const executor = scope?.path as ASTPath | undefined;
  const exec = executor?.node as N | undefined;
  if (!exec || !/Function|ArrowFunctionExpression/.test(exec.type) || exec.params[0]?.name !== call.callee.name) return 'the settled promise is not built here';
  const promise = executor!.parent?.node as N | undefined;
  if (promise?.type !== 'NewExpression' || promise.callee.name !== 'Promise' || promise.arguments[0] !== exec) return 'the settled promise is not built here';
  const stringTypes: N[][] = [];
  const typeArgs = promise.typeParameters?.params ?? promise.typeArguments?.params;
  if (typeArgs?.length) {
    if (typeArgs.length !== 1 || typeArgs[0].type !== 'TSStringKeyword') return 'the promise is typed other than Promise<string>';
    stringTypes.push(typeArgs);
  }
  // The function that returns the promise, and every call of it in this file.
  const holder = executor!.parent!.parent?.node as N | undefined;
  const fn = holder?.type === 'ReturnStatement' ? enclosingFunction(executor!.parent!) : holder && /ArrowFunctionExpression/.test(holder.type) && holder.body === promise ? executor!.parent!.parent! : undefined;
  const name = fn && functionName(fn);
  if (!fn || !name) return 'the promise is not returned by a named function';
  if (isExportedFunction(j, root, fn)) return `${name}() is exported: its callers elsewhere expect a code`;
  const returnType = (fn.node as N).returnType?.typeAnnotation;
  if (returnType) {
    const args = promiseOfString(returnType);
    if (!args) return `${name}() is typed other than Promise<string>`;
    stringTypes.push(args);
  }
  const calls = root.find(j.CallExpression, (c: N) => (c.callee.type === 'Identifier' && c.callee.name === name) ||
    (c.callee.type === 'MemberExpression' && !c.callee.computed && c.callee.property.name === name)).paths();
  if (calls.length === 0) return `${name}() is not called in this file`;
  const consumers: ASTPath[] = [];
  const logged: ASTPath[] = [];
  for (const c of calls) {
    const parent = c.parent?.node as N | undefined;
    let found: Consumers[] | string;
    if (parent?.type === 'AwaitExpression') {
      const one = awaitedConsumers(j, root, c.parent);
      found = typeof one === 'string' ? one : [one];
    } else if (parent?.type === 'VariableDeclarator' && parent.init === c.node && parent.id.type === 'Identifier') {
      // `const pending = waitForCallback(); … const code = await pending;`
      const refs = refsOf(j, root, c.parent);
      if (refs.length === 0 || !refs.every((r) => (r.parent?.node as N).type === 'AwaitExpression')) return `the promise of ${name}() is used other than awaited`;
      const each = refs.map((r) => awaitedConsumers(j, root, r.parent));
      const why = each.find((e) => typeof e === 'string');
      found = typeof why === 'string' ? why : (each as Consumers[]);
    } else found = `${name}() is called other than awaited`;
    if (typeof found === 'string') return found;
    for (const f of found) {
      consumers.push(...f.finish);
      logged.push(...f.logged);
    }
  }
  return { resolveCall: hop.path, params: read.reader.container, stringTypes, consumers, logged };
}

/** The function or method of this file called `name`. */
function functionNamed(j: JSCodeshift, root: Collection, name: string): ASTPath | undefined {
  return root.find(j.Node, (n: N) => /Function|ClassMethod|ObjectMethod|ArrowFunctionExpression/.test(n.type)).paths()
    .find((p) => functionName(p as ASTPath) === name) as ASTPath | undefined;
}

/**
 * Does `finishAuth(x)` receive what a promise of this file settles with as URLSearchParams
 * (`x = await waitForCallback()` where that function is `Promise<URLSearchParams>` or resolves
 * `url.searchParams`)? Then it is `finishAuth(params)` already: what this rule writes, seen again.
 */
export function receivesSettledParams(j: JSCodeshift, root: Collection, finishAuth: ASTPath): boolean {
  const arg = (finishAuth.node as N).arguments[0] as N | undefined;
  if (arg?.type !== 'Identifier') return false;
  const declOf = (name: string, from: ASTPath): N | undefined => {
    const scope = (from as any).scope?.lookup(name);
    const binding = scope?.getBindings()[name]?.[0] as ASTPath | undefined;
    const decl = binding?.parent?.node as N | undefined;
    return decl?.type === 'VariableDeclarator' ? decl : undefined;
  };
  let init = declOf(arg.name, finishAuth)?.init as N | undefined;
  if (init?.type !== 'AwaitExpression') return false;
  let settled = init.argument as N;
  if (settled.type === 'Identifier') settled = declOf(settled.name, finishAuth)?.init as N;
  if (settled?.type !== 'CallExpression') return false;
  const callee = settled.callee as N;
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
  const fn = name ? functionNamed(j, root, name) : undefined;
  if (!fn) return false;
  const returnType = (fn.node as N).returnType?.typeAnnotation;
  if (returnType?.type === 'TSTypeReference' && returnType.typeName?.name === 'Promise' &&
      returnType.typeParameters?.params?.[0]?.typeName?.name === 'URLSearchParams') return true;
  return j(fn).find(j.CallExpression, (c: N) => c.callee.type === 'Identifier' && c.callee.name === 'resolve' && c.arguments.length === 1 &&
    c.arguments[0].type === 'MemberExpression' && !c.arguments[0].computed && c.arguments[0].property.name === 'searchParams').size() > 0;
}
