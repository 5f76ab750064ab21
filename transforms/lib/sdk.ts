/**
 * Which MCP SDK generation a file is written against, and import bookkeeping.
 * v1: `@modelcontextprotocol/sdk/...`; v2: the split packages (`/server`, `/client`, ...).
 */
import type { Collection, JSCodeshift } from 'jscodeshift';

export type SdkFlavor = 'v1' | 'v2' | 'none';

const V2_PACKAGES = /^@modelcontextprotocol\/(server|client|node|core|express|hono|fastify)(\/|$)/;
const V1_PACKAGE = /^@modelcontextprotocol\/sdk(\/|$)/;

type AnyNode = { type: string; [key: string]: any };

/** The module a node imports: an import declaration's source, or `require('...')`'s argument. */
function importedModule(node: AnyNode): string | undefined {
  if (node.type === 'ImportDeclaration') return String(node.source.value);
  if (node.type !== 'CallExpression' || node.callee?.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  return arg && (arg.type === 'StringLiteral' || arg.type === 'Literal') && typeof arg.value === 'string' ? arg.value : undefined;
}

/**
 * Every module the file imports or requires. One walk with a node predicate (every rule asks
 * this first, and each whole-tree walk of a 300 KB bundle costs milliseconds).
 */
function moduleSources(j: JSCodeshift, root: Collection): string[] {
  const sources: string[] = [];
  root.find(j.Node, (node: AnyNode) => importedModule(node) !== undefined).forEach((p) => sources.push(importedModule(p.node as AnyNode)!));
  return sources;
}

export function sdkFlavor(j: JSCodeshift, root: Collection): SdkFlavor {
  const sources = moduleSources(j, root);
  if (sources.some((s) => V2_PACKAGES.test(s))) return 'v2';
  if (sources.some((s) => V1_PACKAGE.test(s))) return 'v1';
  return 'none';
}

export function importsMcp(j: JSCodeshift, root: Collection): boolean {
  return sdkFlavor(j, root) !== 'none';
}

/** Local name bound to `imported` from a module matching `source`, if any. */
export function importedLocalName(
  j: JSCodeshift,
  root: Collection,
  source: RegExp,
  imported: string,
): string | undefined {
  let local: string | undefined;
  root.find(j.ImportDeclaration).forEach((p) => {
    if (!source.test(String(p.node.source.value))) return;
    for (const s of p.node.specifiers ?? []) {
      if (s.type === 'ImportSpecifier' && s.imported.name === imported) local = String(s.local?.name ?? imported);
    }
  });
  return local;
}

/** Adds `import { name } from 'source'` unless the name is already imported from it. */
export function ensureNamedImport(j: JSCodeshift, root: Collection, source: string, name: string): void {
  const existing = root.find(j.ImportDeclaration, { source: { value: source } });
  if (existing.size() > 0) {
    const decl = existing.get().node;
    const has = (decl.specifiers ?? []).some(
      (s: { type: string; imported?: { name: string } }) => s.type === 'ImportSpecifier' && s.imported?.name === name,
    );
    if (!has) decl.specifiers = [...(decl.specifiers ?? []), j.importSpecifier(j.identifier(name))];
    return;
  }
  const decl = j.importDeclaration([j.importSpecifier(j.identifier(name))], j.stringLiteral(source));
  const imports = root.find(j.ImportDeclaration);
  if (imports.size() > 0) imports.at(imports.size() - 1).insertAfter(decl);
  else root.get().node.program.body.unshift(decl);
}

/** Removes import specifiers whose local binding is no longer referenced; drops empty imports. */
export function removeUnusedImports(j: JSCodeshift, root: Collection, names: string[]): void {
  for (const name of names) {
    const refs = root
      .find(j.Identifier, { name })
      .filter((p) => {
        const parent = p.parent?.node;
        if (!parent) return true;
        if (parent.type === 'ImportSpecifier' || parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportNamespaceSpecifier') return false;
        // `obj.name` and `{ name: v }` keys are not references to the binding.
        if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return false;
        if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.key === p.node && !parent.computed && !parent.shorthand) return false;
        return true;
      });
    if (refs.size() > 0) continue;
    root.find(j.ImportDeclaration).forEach((p) => {
      const specifiers = p.node.specifiers ?? [];
      const kept = specifiers.filter((s) => s.local?.name !== name);
      if (kept.length === specifiers.length) return;
      if (kept.length === 0) j(p).remove();
      else p.node.specifiers = kept;
    });
  }
}
