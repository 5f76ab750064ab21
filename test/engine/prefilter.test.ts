/**
 * The prefilter finds which trigger tokens occur in one regex pass; overlapping tokens
 * (one inside another, one running into the next, one at the very end) must all be found,
 * and conjunctive triggers must see every token they name. Compared with the plain
 * definition (Buffer.includes per token) on hand-made cases and every fixture.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { TransformModule } from '../../src/registry.ts';
import { TRANSFORMS } from '../../src/registry.ts';
import { createPrefilter } from '../../src/engine/prefilter.ts';
import { fixtureCases } from '../helpers/fixtures.ts';
import { IN_MCP_PACKAGE } from '../../transforms/lib/mcp-package.ts';

const rule = (id: string, triggers: Array<string | string[]>) => ({ meta: { id, summary: '', triggers }, default: () => undefined }) as unknown as TransformModule;

/** The definition: a rule matches when every token of one of its triggers occurs. */
function expected(rules: TransformModule[], bytes: Buffer): string[] {
  return rules
    .filter((r) => r.meta.triggers.some((t) => (Array.isArray(t) ? t : [t]).every((tok) => bytes.includes(Buffer.from(tok)))))
    .map((r) => r.meta.id);
}

describe('prefilter', () => {
  const rules = [
    rule('inner', ['sessionId']),
    rule('outer', ['sessionIdGenerator']),
    rule('chain', [['ab', 'bc']]),
    rule('tail', ['zz']),
    rule('utf8', ['ünï']),
    rule('both', [['sessionId', 'finishAuth']]),
  ];
  const prefilter = createPrefilter(rules);
  const cases = [
    'const g = sessionIdGenerator;',
    'abc',
    'ab then bc',
    'xx zz',
    'zzz',
    'naïve ünïcode',
    'sessionIdGenerator and finishAuth',
    'finishAuth only',
    'nothing here',
    '',
  ];
  it.each(cases)('%j', (text) => {
    const bytes = Buffer.from(text);
    expect(prefilter.matching(bytes).map((t) => t.meta.id)).toEqual(expected(rules, bytes));
  });

  it('agrees with the definition on every fixture, for the registered transforms', () => {
    const real = createPrefilter(TRANSFORMS);
    const files = fixtureCases().flatMap((c) => [c.inputPath, c.outputPath]);
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(real.matching(bytes).map((t) => t.meta.id), f).toEqual(expected(TRANSFORMS, bytes));
    }
  });

  // A shape a rule rewrites or marks is worth nothing if the prefilter never lets its file
  // through (loopback callbacks that name no token exchange were lost this way).
  it('lets through the input of every fixture its rule changes', () => {
    const real = createPrefilter(TRANSFORMS);
    const changing = fixtureCases().filter((c) => readFileSync(c.inputPath, 'utf8') !== readFileSync(c.outputPath, 'utf8'));
    expect(changing.length).toBeGreaterThan(50);
    for (const c of changing) {
      expect(real.matching(readFileSync(c.inputPath)).map((t) => t.meta.id), c.inputPath).toContain(c.transform);
    }
  });

  it('sees markers, ours and the official codemod\'s', () => {
    const p = createPrefilter(TRANSFORMS);
    expect(p.mayHaveMarkers(Buffer.from('/* mcp-migrate(session-state): x */'))).toBe(true);
    expect(p.mayHaveMarkers(Buffer.from('// mcp-migrate-ignore(issuer-validation)'))).toBe(true);
    expect(p.mayHaveMarkers(Buffer.from('// @mcp-codemod-error something'))).toBe(true);
    expect(p.mayHaveMarkers(Buffer.from('const migrate = 1;'))).toBe(false);
  });

  it('a trigger naming IN_MCP_PACKAGE holds only where the file sits in an MCP package, asked only once its byte tokens occur', () => {
    const gated = createPrefilter([rule('stores', [['.set(sessionId', 'mcp'], ['.set(sessionId', IN_MCP_PACKAGE]])]);
    const registry = Buffer.from('export const remember = (sessionId: string, caps: object) => caps_.set(sessionId, caps);\n');
    let asked = 0;
    const inPackage = (answer: boolean) => () => { asked++; return answer; };
    expect(gated.scan(registry, false, inPackage(true)).matching.map((t) => t.meta.id)).toEqual(['stores']);
    expect(gated.scan(registry, false, inPackage(false)).matching).toEqual([]);
    expect(gated.scan(registry, false).matching).toEqual([]);
    expect(asked).toBe(2);
    // No byte token of the trigger: the package is never looked up.
    expect(gated.scan(Buffer.from('const x = 1;\n'), false, inPackage(true)).matching).toEqual([]);
    expect(asked).toBe(2);
    // The bytes alone still admit a file that says MCP, without asking.
    expect(gated.scan(Buffer.from('// mcp\nstore.set(sessionId, 1);\n'), false, inPackage(false)).matching.map((t) => t.meta.id)).toEqual(['stores']);
  });
});
