/** The name a function is called by: its id, its method key, or the const it is bound to. */
import type { ASTPath } from 'jscodeshift';

type N = Record<string, any>;

export function functionName(fn: ASTPath): string | undefined {
  const f = fn.node as N;
  if (f.id?.type === 'Identifier') return f.id.name;
  if (f.key?.type === 'Identifier' && !f.computed) return f.key.name;
  const holder = fn.parent?.node as N | undefined;
  return holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined;
}
