/**
 * How inserted code refuses, following the error flow around it: a `(req, res)` handler
 * answers 400 (the express way where it already uses express responses), other code throws;
 * a callback that settles a promise (`new Promise((resolve, reject) => { … })`, a loopback
 * CLI's login) also runs the cleanup its own error path does (`server.close()`) and rejects
 * that promise. Never a bare `return` that leaves a caller waiting.
 */
import type { ASTPath, JSCodeshift, Node } from 'jscodeshift';

type N = Node & Record<string, any>;

function memberName(node: N): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && (node.property.type === 'StringLiteral' || node.property.type === 'Literal')) return String(node.property.value);
  return undefined;
}

/** The response lines of `fn` itself: 400 for a (req, res) handler, else a throw. */
function respond(j: JSCodeshift, fn: ASTPath, what: string): string[] {
  const params = (fn.node as N).params as N[];
  const res = params[1];
  if (params.length >= 2 && params[0].type === 'Identifier' && /^req(uest)?$/.test(params[0].name) &&
      res.type === 'Identifier' && /^res(ponse)?$/.test(res.name)) {
    const express = j(fn).find(j.CallExpression).filter((p) => {
      const callee = (p.node as N).callee;
      return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === res.name &&
        ['status', 'send', 'json', 'sendStatus'].includes(memberName(callee) ?? '');
    }).size() > 0;
    if (express) return [`${res.name}.status(400).send('${what}');`, 'return;'];
    return [`${res.name}.statusCode = 400;`, `${res.name}.end('${what}');`, 'return;'];
  }
  return [`throw new Error('${what}');`];
}

/** The promise `fn` settles, and the cleanup (`x.close()`) its own error path does. */
export function settledPromise(j: JSCodeshift, fn: ASTPath): { reject: string; cleanup: string[] } | undefined {
  for (let p = fn.parent; p; p = p.parent) {
    const n = p.node as N;
    if (!/Function/.test(n.type)) continue;
    const holder = p.parent?.node as N | undefined;
    if (holder?.type !== 'NewExpression' || holder.callee.type !== 'Identifier' || holder.callee.name !== 'Promise' || holder.arguments[0] !== n) continue;
    const reject = n.params[1];
    if (reject?.type !== 'Identifier') return undefined;
    const cleanup = new Set<string>();
    j(fn).find(j.ExpressionStatement).forEach((s) => {
      const e = (s.node as N).expression;
      if (e.type === 'CallExpression' && memberName(e.callee) === 'close' && e.arguments.length === 0 &&
          e.callee.object.type === 'Identifier' && !/^(req|request|res|response)$/.test(e.callee.object.name)) cleanup.add(`${e.callee.object.name}.close();`);
    });
    return { reject: reject.name, cleanup: [...cleanup] };
  }
  return undefined;
}

/** The lines that refuse with `what` at the top of `fn`'s body (two-space steps added by the caller). */
export function rejectionLines(j: JSCodeshift, fn: ASTPath, what: string): string[] {
  const lines = respond(j, fn, what);
  const settle = settledPromise(j, fn);
  if (!settle) return lines;
  const body = lines.filter((l) => l !== 'return;' && !l.startsWith('throw '));
  return [...body, ...settle.cleanup, `${settle.reject}(new Error('${what}'));`, 'return;'];
}
