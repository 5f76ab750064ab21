/**
 * A faster `Collection.find` for the engine's workers, with jscodeshift's exact results.
 *
 * jscodeshift's find builds an ast-types PathVisitor per call (supertype tables, method
 * tables) and a NodePath for every node it walks past. The transforms call find ~100 times
 * per file, mostly over the whole tree: on the synthetic 20k-file bench that was 51% of all
 * CPU time (3.9 s of 7.5 s). This walk reads the plain node objects instead and makes a
 * NodePath only for a match, through `parent.get(name)` — the same cached child paths the
 * visitor would have made, so `p.parent`, `p.scope`, `p.replace()` and path identity behave
 * exactly as before.
 *
 * What it keeps of the visitor, on purpose:
 * - the same order (pre-order; children in ast-types' field order; array holes skipped);
 * - the same matching: a node matches `find(T)` when T is one of its type's supertypes
 *   (ast-types' lookup table), then jscodeshift's own `matchNode` for the filter;
 * - the start paths themselves are never matches, but another start path met inside one
 *   is (so a collection holding a node and its child yields the child's matches twice);
 * - the visitor's side effect: a missing defined field is filled with its default value
 *   (recast's reprint compares nodes field by field, so output bytes depend on it).
 *
 * Plain `jscodeshift -t` keeps the original find; test/engine/fast-find.test.ts compares
 * the two on every fixture for every node type that occurs.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type AnyObject = Record<string | number, unknown>;
interface NodePathLike {
  value: unknown;
  get(name: string | number): NodePathLike;
}
interface CollectionLike {
  __paths: NodePathLike[];
}
interface AstTypes {
  getFieldNames(value: unknown): string[];
  getFieldValue(value: unknown, name: string): unknown;
  getSupertypeNames(typeName: string): string[];
  namedTypes: Record<string, unknown>;
}

type Find = (this: CollectionLike, type: { toString(): string }, filter?: unknown) => unknown;

let installed: { original: Find; fast: Find; registrations: Record<string, unknown> } | undefined;
let tried = false;

/** Both implementations, for the test that holds them to the same results. */
export function findImplementations(): { original: Find; fast: Find } | undefined {
  installFastFind();
  return installed;
}

/** Which one `Collection.find` uses from now on (tests compare whole transform runs). */
export function useFind(which: 'original' | 'fast'): void {
  installFastFind();
  if (installed) installed.registrations.Node = installed[which];
}

export function installFastFind(): void {
  if (tried) return;
  tried = true;
  // The very modules jscodeshift itself uses (one ast-types instance, one Collection).
  require('jscodeshift'); // registers the collection methods
  const Collection = require('jscodeshift/src/Collection') as { fromPaths(paths: NodePathLike[], parent?: unknown, type?: unknown): object };
  const matchNode = require('jscodeshift/src/matchNode') as (value: unknown, filter: unknown) => boolean;
  const types = (createRequire(require.resolve('jscodeshift'))('recast') as { types: AstTypes }).types;
  const prototype = Object.getPrototypeOf(Collection.fromPaths([])) as { find?: { typedRegistrations?: Record<string, unknown> } };
  const registrations = prototype.find?.typedRegistrations;
  if (!registrations || typeof registrations.Node !== 'function') return; // an unexpected jscodeshift: keep its own find

  const toString = Object.prototype.toString;
  const hasOwn = Object.prototype.hasOwnProperty;
  const fieldsByType = new Map<string, string[] | null>();
  const tables = new Map<string, Record<string, true>>();

  /**
   * The node types `find(T)` matches: T and every type with T among its supertypes (what the
   * visitor's method table holds). Types ast-types does not know match nothing, as there.
   */
  const matchTable = (wanted: string): Record<string, true> => {
    let table = tables.get(wanted);
    if (!table) {
      table = Object.create(null) as Record<string, true>;
      for (const name of Object.keys(types.namedTypes)) {
        let supers: string[] = [];
        try {
          supers = types.getSupertypeNames(name);
        } catch {
          continue;
        }
        if (name === wanted || supers.includes(wanted)) table[name] = true;
      }
      tables.set(wanted, table);
    }
    return table;
  };

  /** Field names as ast-types' getFieldNames gives them (cached per node type). */
  const fieldNames = (value: AnyObject): string[] => {
    const type = value.type;
    if (typeof type !== 'string') return 'type' in value ? types.getFieldNames(value) : Object.keys(value);
    let names = fieldsByType.get(type);
    if (names === undefined) {
      try {
        names = types.getFieldNames(value);
      } catch {
        names = null;
      }
      fieldsByType.set(type, names);
    }
    return names ?? types.getFieldNames(value); // unknown type: let ast-types throw its own error
  };

  function find(this: CollectionLike, type: { toString(): string }, filter?: unknown) {
    const wanted = matchTable(type.toString());
    const found: NodePathLike[] = [];
    // The walk keeps, per depth, the name under which the current ancestor sits in its
    // parent and (once a match needed it) its NodePath; nothing else is allocated per node.
    const names: Array<string | number> = [];
    const paths: Array<NodePathLike | undefined> = [];
    const pathAt = (depth: number): NodePathLike => {
      let k = depth;
      while (paths[k] === undefined) k--;
      for (let i = k + 1; i <= depth; i++) paths[i] = paths[i - 1]!.get(names[i]);
      return paths[depth]!;
    };
    const visit = (value: AnyObject, name: string | number, depth: number) => {
      names[depth] = name;
      paths[depth] = undefined;
      const nodeType = value.type;
      // The filter sees the node alone, so the NodePath is made only for a match.
      if (typeof nodeType === 'string' && wanted[nodeType] === true && (!filter || matchNode(value, filter))) found.push(pathAt(depth));
      visitChildren(value, depth);
    };
    const visitChildren = (value: unknown, depth: number) => {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const child = value[i];
          // null elements (`[, b] = x`) and holes have nothing to visit or match
          if (child !== null && typeof child === 'object' && hasOwn.call(value, i)) visit(child as AnyObject, i, depth + 1);
        }
        return;
      }
      if (toString.call(value) !== '[object Object]') return;
      const obj = value as AnyObject;
      const fields = fieldNames(obj);
      for (let i = 0; i < fields.length; i++) if (!hasOwn.call(obj, fields[i])) obj[fields[i]] = types.getFieldValue(obj, fields[i]);
      for (let i = 0; i < fields.length; i++) {
        const child = obj[fields[i]];
        if (child !== null && typeof child === 'object') visit(child as AnyObject, fields[i], depth + 1);
      }
    };
    for (const start of this.__paths) {
      paths[0] = start;
      visitChildren(start.value, 0);
    }
    return Collection.fromPaths(found, this, type);
  }

  installed = { original: registrations.Node as Find, fast: find, registrations };
  registrations.Node = find;
}
