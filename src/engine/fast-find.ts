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
  const supertypes = new Map<string, Set<string>>();

  /** True when `wanted` is the node type or one of its supertypes (what the visitor's table says). */
  const isA = (nodeType: string, wanted: string): boolean => {
    let set = supertypes.get(nodeType);
    if (!set) {
      try {
        set = new Set([nodeType, ...types.getSupertypeNames(nodeType)]);
      } catch {
        set = new Set(); // a type ast-types does not know: the visitor has no method for it either
      }
      supertypes.set(nodeType, set);
    }
    return set.has(wanted);
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

  interface Frame { value: unknown; parent: Frame | undefined; name: string | number; path: NodePathLike | undefined }

  const pathOf = (frame: Frame): NodePathLike => {
    const chain: Frame[] = [];
    let f: Frame | undefined = frame;
    while (f && !f.path) {
      chain.push(f);
      f = f.parent;
    }
    for (let i = chain.length - 1; i >= 0; i--) chain[i].path = chain[i].parent!.path!.get(chain[i].name);
    return frame.path!;
  };

  function find(this: CollectionLike, type: { toString(): string }, filter?: unknown) {
    const typeName = type.toString();
    const paths: NodePathLike[] = [];
    for (const start of this.__paths) {
      // Iterative pre-order walk: children are pushed in reverse so they pop in order.
      const stack: Frame[] = [];
      const pushChildren = (frame: Frame) => {
        const value = frame.value;
        if (Array.isArray(value)) {
          for (let i = value.length - 1; i >= 0; i--) {
            const child = value[i];
            // null elements (`[, b] = x`) and holes have nothing to visit or match
            if (child !== null && typeof child === 'object' && hasOwn.call(value, i)) stack.push({ value: child, parent: frame, name: i, path: undefined });
          }
          return;
        }
        if (toString.call(value) !== '[object Object]') return;
        const obj = value as AnyObject;
        const names = fieldNames(obj);
        for (const name of names) if (!hasOwn.call(obj, name)) obj[name] = types.getFieldValue(obj, name);
        for (let i = names.length - 1; i >= 0; i--) {
          const child = obj[names[i]];
          if (child !== null && typeof child === 'object') stack.push({ value: child, parent: frame, name: names[i], path: undefined });
        }
      };
      pushChildren({ value: start.value, parent: undefined, name: '', path: start });
      while (stack.length) {
        const frame = stack.pop()!;
        const value = frame.value as AnyObject;
        const nodeType = value.type;
        if (typeof nodeType === 'string' && isA(nodeType, typeName)) {
          const path = pathOf(frame);
          if (path !== start && (!filter || matchNode(value, filter))) paths.push(path);
        }
        pushChildren(frame);
      }
    }
    return Collection.fromPaths(paths, this, type);
  }

  installed = { original: registrations.Node as Find, fast: find, registrations };
  registrations.Node = find;
}
