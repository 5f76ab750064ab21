/**
 * The browser popup hand-off: a callback page posts the authorization response to its opener
 * (`opener.postMessage({ code, state }, origin)`), and the opener's `message` listener redeems
 * the code. When both ends are in one file, `iss` can travel with the code: the sender adds it
 * to the message and the receiver passes it on (`finishAuth(data.code, data.iss)`).
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';

type N = Record<string, any>;

function strip(node: N | undefined): N | undefined {
  let n = node;
  while (n && ['TSAsExpression', 'TSNonNullExpression', 'ParenthesizedExpression'].includes(n.type)) n = n.expression;
  return n;
}

function memberName(node: N | undefined): string | undefined {
  if (!node || (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') || node.computed) return undefined;
  return node.property.type === 'Identifier' ? node.property.name : undefined;
}

/** `E.data.code` (optional chaining and casts included): the `E.data` expression. */
export function messageDataOf(node: N | undefined): N | undefined {
  const n = strip(node);
  if (memberName(n) !== 'code') return undefined;
  const data = strip(n!.object);
  return memberName(data) === 'data' ? data : undefined;
}

/** Is `call` an `X.addEventListener('message', …)` / `X.onmessage = …` registration of `fn`? */
function registers(fn: ASTPath, name: string | undefined, j: JSCodeshift, root: Collection): boolean {
  const holder = fn.parent?.node as N | undefined;
  const isMessage = (n: N | undefined): boolean => !!n && (n.type === 'StringLiteral' || n.type === 'Literal') && n.value === 'message';
  if (holder?.type === 'CallExpression' && memberName(holder.callee) === 'addEventListener' && isMessage(holder.arguments[0]) && holder.arguments[1] === fn.node) return true;
  if (holder?.type === 'AssignmentExpression' && holder.right === fn.node && memberName(holder.left) === 'onmessage') return true;
  if (!name) return false;
  return root.find(j.CallExpression, (c: N) => memberName(c.callee) === 'addEventListener' && isMessage(c.arguments[0]) &&
    c.arguments[1]?.type === 'Identifier' && c.arguments[1].name === name).size() > 0 ||
    root.find(j.AssignmentExpression, (a: N) => memberName(a.left) === 'onmessage' && a.right.type === 'Identifier' && a.right.name === name).size() > 0;
}

/** Is the function around `at` (or one around it) a `message` event listener? */
export function inMessageListener(j: JSCodeshift, root: Collection, at: ASTPath): boolean {
  for (let p: ASTPath | null = at.parentPath; p; p = p.parentPath) {
    const f = p.node as N;
    if (!/Function|ArrowFunctionExpression/.test(f.type)) continue;
    const holder = p.parent?.node as N | undefined;
    const name = f.id?.name ?? (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined);
    if (registers(p, name, j, root)) return true;
  }
  return false;
}

/** The object literal a `postMessage` hop sends, when it carries `code` and not yet `iss`. */
export function postedPayload(call: N): N | undefined {
  const payload = strip(call.arguments?.[0]);
  if (payload?.type !== 'ObjectExpression') return undefined;
  const keys = (payload.properties as N[]).map((p) => (p.key?.type === 'Identifier' && !p.computed ? p.key.name : p.key?.value));
  return keys.includes('code') && !keys.includes('iss') ? payload : undefined;
}
