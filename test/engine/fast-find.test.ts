/**
 * The engine's fast `find` (src/engine/fast-find.ts) must give exactly what jscodeshift's
 * own find gives: the same paths (the very same NodePath objects), in the same order, for
 * every node type and supertype that occurs, with and without a filter, from the root and
 * from inner collections; and it must leave the tree as the visitor leaves it (the visitor
 * fills missing fields with defaults, and recast's reprint depends on them).
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { JSCodeshift, Collection } from 'jscodeshift';
import { findImplementations } from '../../src/engine/fast-find.ts';
import { parserFor } from '../../transforms/lib/parser.ts';
import { fixtureCases } from '../helpers/fixtures.ts';

const require = createRequire(import.meta.url);
const jscodeshift = require('jscodeshift') as JSCodeshift;
const impl = findImplementations()!;
const SUPERTYPES = ['Node', 'Expression', 'Statement', 'Function', 'Pattern', 'Declaration', 'Literal', 'Property', 'TSType'];

function parse(path: string, text: string): Collection {
  const parser = (require(`jscodeshift/parser/${parserFor(path)}`) as () => unknown)();
  return jscodeshift.withParser(parser as never)(text);
}

function typesIn(root: Collection): string[] {
  const seen = new Set<string>(SUPERTYPES);
  (impl.original.call(root as never, jscodeshift.Node) as Collection).forEach((p) => seen.add((p.node as { type: string }).type));
  return [...seen].filter((t) => (jscodeshift as unknown as Record<string, unknown>)[t]).sort();
}

const find = (which: 'original' | 'fast', c: Collection, type: string, filter?: unknown) =>
  (impl[which].call(c as never, (jscodeshift as unknown as Record<string, unknown>)[type] as never, filter) as Collection).paths();

const cases = fixtureCases().flatMap((c) => [
  { name: `${c.transform}/${c.name} input`, path: c.displayPath, file: c.inputPath },
  { name: `${c.transform}/${c.name} output`, path: c.displayPath, file: c.outputPath },
]);

describe('fast find', () => {
  it('is installed in place of jscodeshift\'s', () => {
    expect(impl.fast).not.toBe(impl.original);
    const root = parse('a.ts', 'const a = 1;');
    expect(root.find(jscodeshift.Identifier).size()).toBe(1);
  });

  it.each(cases)('$name: same paths as jscodeshift for every type', ({ path, file }) => {
    const text = readFileSync(file, 'utf8');
    const root = parse(path, text);
    const types = typesIn(root);
    expect(types.length).toBeGreaterThan(SUPERTYPES.length - 3);
    for (const type of types) {
      const expected = find('original', root, type);
      const actual = find('fast', root, type);
      expect(actual.length, type).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) expect(actual[i] === expected[i], `${type}[${i}] is the same NodePath`).toBe(true);
    }
    // With a filter, and from inner collections (functions, nested ones too).
    const ids = find('original', root, 'Identifier');
    const name = (ids[Math.floor(ids.length / 2)]?.node as { name?: string } | undefined)?.name;
    if (name) expect(find('fast', root, 'Identifier', { name })).toEqual(find('original', root, 'Identifier', { name }));
    const fns = jscodeshift(find('original', root, 'Function'));
    for (const type of ['Identifier', 'CallExpression', 'Node']) {
      const expected = find('original', fns, type);
      const actual = find('fast', fns, type);
      expect(actual.length, `inside functions: ${type}`).toBe(expected.length);
      actual.forEach((p, i) => expect(p === expected[i]).toBe(true));
    }
  });

  it.each(cases)('$name: leaves the tree as the visitor does', ({ path, file }) => {
    const text = readFileSync(file, 'utf8');
    const a = parse(path, text);
    const b = parse(path, text);
    find('fast', a, 'Node');
    find('original', b, 'Node');
    const program = (c: Collection) => JSON.stringify((c.get() as { node: unknown }).node, (k, v) => (k === 'loc' || k === 'tokens' || k === 'original' ? undefined : v));
    expect(program(a)).toBe(program(b));
  });
});
