/**
 * The engine's fast `find` (src/engine/fast-find.ts) must give exactly what jscodeshift's
 * own find gives: the same paths (the very same NodePath objects), in the same order, for
 * every node type and supertype that occurs, with and without a filter, from the root and
 * from inner collections; and it must leave the tree as the visitor leaves it (the visitor
 * fills missing fields with defaults, and recast's reprint depends on them).
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { JSCodeshift, Collection } from 'jscodeshift';
import { findImplementations, useFind } from '../../src/engine/fast-find.ts';
import { runTransforms } from '../../src/engine/run-file.ts';
import { createPrefilter } from '../../src/engine/prefilter.ts';
import { TRANSFORMS } from '../../src/registry.ts';
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

// Shapes the fixtures may lack: null elements and holes, regex and bigint literals, JSX,
// TS-only syntax, comments, directives, a shebang.
const INLINE = {
  'holes.ts': '#!/usr/bin/env node\n"use strict";\nconst [, b, , d] = xs; // two holes\nconst sparse = [1, , 3];\nconst re = /a+b/gi; const big = 10n;\nfunction f<T extends object>(this: void, a?: T, ...rest: number[]): asserts a is T {}\nenum E { A = 1 }\nlet v = <string>(x as unknown)!;\n',
  'view.tsx': 'export const V = ({ a }: { a: string }) => <div key={a}>{[, a].map((x) => <>{x}</>)}{/* c */}</div>;\n',
  'plain.js': 'const { a, ...rest } = o;\nclass C { #p = 1; static { this.q = [, 2]; } get x() { return this.#p; } }\nexport default async function* g() { yield* [1, , 2]; }\n',
};

const cases = [
  ...Object.entries(INLINE).map(([path, text]) => ({ name: `inline ${path}`, path, text })),
  ...fixtureCases().flatMap((c) => [
  { name: `${c.transform}/${c.name} input`, path: c.displayPath, file: c.inputPath },
  { name: `${c.transform}/${c.name} output`, path: c.displayPath, file: c.outputPath },
  ]).map((c) => ({ name: c.name, path: c.path, text: readFileSync(c.file, 'utf8') })),
];

describe('fast find', () => {
  it('is installed in place of jscodeshift\'s', () => {
    expect(impl.fast).not.toBe(impl.original);
    const root = parse('a.ts', 'const a = 1;');
    expect(root.find(jscodeshift.Identifier).size()).toBe(1);
  });

  it.each(cases)('$name: same paths as jscodeshift for every type', ({ path, text }) => {
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

  it.each(cases)('$name: leaves the tree as the visitor does', ({ path, text }) => {
    const a = parse(path, text);
    const b = parse(path, text);
    find('fast', a, 'Node');
    find('original', b, 'Node');
    const program = (c: Collection) => JSON.stringify((c.get() as { node: unknown }).node, (k, v) => (k === 'loc' || k === 'tokens' || k === 'original' ? undefined : v));
    expect(program(a)).toBe(program(b));
  });
});

/**
 * Whole transform runs, fast find against jscodeshift's, on real code none of us wrote: every
 * source of the MCP SDK packages in our node_modules that a trigger matches (their dist
 * bundles hold every pattern the transforms look for; one of them found a bug the fixtures
 * did not: null array elements). Same status, output bytes and findings.
 */
describe('fast find on the SDK packages in node_modules', () => {
  const root = join(import.meta.dirname, '..', '..', 'node_modules', '@modelcontextprotocol');
  const prefilter = createPrefilter(TRANSFORMS);
  const files: Array<{ rel: string; text: string }> = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') stack.push(abs);
      else if (e.isFile() && /\.(c|m)?[jt]s$/.test(e.name) && !/\.d\.[mc]?ts$/.test(e.name) && statSync(abs).size <= 400_000) {
        const bytes = readFileSync(abs);
        if (prefilter.matching(bytes).length) files.push({ rel: relative(root, abs), text: bytes.toString('utf8') });
      }
    }
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : 1));

  it('finds enough SDK files to mean something', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)('$rel', ({ rel, text }) => {
    const matching = prefilter.matching(Buffer.from(text));
    try {
      useFind('original');
      const expected = runTransforms(rel, text, matching);
      useFind('fast');
      const actual = runTransforms(rel, text, matching);
      expect(actual).toEqual(expected);
    } finally {
      useFind('fast');
    }
  });
});
