/**
 * Statements written as source text, turned into fresh AST nodes for insertion.
 *
 * Why not hand the parsed snippet's nodes over directly: the engine's memoized `j` caches
 * trees by source text, so two identical snippets would share node objects (one node in
 * two places of a tree), and snippet nodes carry positions from another text, which makes
 * recast try to reuse that text. Cloning without positions gives plain new nodes that
 * recast prints with the file's own quote, indent and line-ending options.
 */
import type { JSCodeshift } from 'jscodeshift';

const POSITION_KEYS = new Set(['loc', 'start', 'end', 'range', 'tokens', 'extra', 'original']);

function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as unknown as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (POSITION_KEYS.has(key)) continue;
    out[key] = clean(v);
  }
  return out as T;
}

/** Fresh statement nodes for `text` (plain JavaScript; comments are kept as leading comments). */
export function statementsFrom(j: JSCodeshift, text: string): any[] {
  const program = (j(text).get().node as { program: { body: unknown[] } }).program;
  return program.body.map(clean);
}

/** A fresh expression node for `text`. */
export function expressionFrom(j: JSCodeshift, text: string): any {
  const [stmt] = statementsFrom(j, `(${text});`);
  return stmt.expression;
}
