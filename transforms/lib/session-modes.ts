/**
 * Session code kept on purpose as the 2025-era leg: a library's explicit stateful mode, or
 * code behind an era check (`isLegacyRequest`, what `--legacy keep` writes).
 *
 * A library's explicit stateful mode (`statefulHandlers`, `createStatefulTransport`, a
 * stateful.ts module): the 2025-era leg its users opt into, next to a stateless mode that
 * serves 2026-07-28. stateless-transport reports it as such (info); session-state leaves its
 * session plumbing alone, as it does for routing stateless-transport has marked.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';

type N = Record<string, any>;

const FUNCTION = /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ObjectMethod|ClassMethod|ClassPrivateMethod)$/;

function statefulName(name: string | undefined): boolean {
  return !!name && /stateful/i.test(name) && !/stateless/i.test(name);
}

/** The construction sits in a `stateful` file or function (never one named `stateless`). */
export function optInStatefulMode(filePath: string, construction: ASTPath<any>): boolean {
  if (statefulName(filePath.split('/').pop())) return true;
  for (let a = construction.parent; a; a = a.parent) {
    const n = a.node as N;
    if (!FUNCTION.test(n.type)) continue;
    const parent = a.parent?.node as N | undefined;
    const bound = parent?.type === 'VariableDeclarator' ? parent.id?.name : /^(ObjectProperty|Property)$/.test(parent?.type ?? '') ? parent!.key?.name : undefined;
    if (statefulName(n.id?.name ?? n.key?.name) || statefulName(bound)) return true;
  }
  return false;
}

/** The file builds a transport with a `sessionIdGenerator` inside an explicit stateful mode. */
export function hasOptInStatefulTransport(j: JSCodeshift, root: Collection, filePath: string): boolean {
  return root.find(j.NewExpression).paths().some((p) => {
    const opts = (p.node as N).arguments[0] as N | undefined;
    const generator = opts?.type === 'ObjectExpression' && (opts.properties as N[]).some((q) => q.key?.name === 'sessionIdGenerator');
    return generator && optInStatefulMode(filePath, p);
  });
}

/** The file's session plumbing is a deliberate 2025-era leg (see above): not for per-statement markers. */
export function keepsLegacyLeg(j: JSCodeshift, root: Collection, filePath: string, source: string): boolean {
  if (/\bisLegacyRequest\s*\(/.test(source)) return true;
  return /sessionIdGenerator/.test(source) && hasOptInStatefulTransport(j, root, filePath);
}
