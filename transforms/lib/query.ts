/**
 * Whole-tree queries for a rule that never mutates its tree (session-state splices text and
 * leaves the tree alone): each distinct `find(type, filter)` walks the tree once, however
 * many helpers ask it. On a 300 KB SDK bundle a walk costs milliseconds, and the same
 * handful of queries were asked once per tool or callback.
 */
import type { Collection } from 'jscodeshift';

type NodeType = { toString(): string };
export type CachedFind = (type: NodeType, filter?: Record<string, unknown>) => Collection;

export function cachedFind(root: Collection): CachedFind {
  const cache = new Map<string, Collection>();
  return (type, filter) => {
    const key = `${type.toString()}\u0000${filter ? JSON.stringify(filter) : ''}`;
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = root.find(type as never, filter)));
    return hit;
  };
}
