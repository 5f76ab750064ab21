/**
 * The byte-exact fixture runner (jscodeshift's own test helper trims both sides, so a
 * lost trailing newline would never fail there). For every fixture pair:
 * output equals the expected bytes, the output parses (runTransforms re-parses it),
 * a second run changes nothing, and every finding names a real transform rule.
 * UPDATE_FIXTURES=1 rewrites expected outputs while authoring; CI never sets it.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { fixtureCases, readText } from '../helpers/fixtures.ts';
import { TRANSFORMS } from '../../src/registry.ts';
import { runTransforms } from '../../src/engine/run-file.ts';

const byId = new Map(TRANSFORMS.map((t) => [t.meta.id, t]));

describe.each(TRANSFORMS.map((t) => t.meta.id))('%s fixtures', (id) => {
  const cases = fixtureCases(id);
  it('has fixture pairs', () => expect(cases.length).toBeGreaterThan(0));

  for (const c of cases) {
    it(c.name, () => {
      const transform = byId.get(id)!;
      const input = readText(c.inputPath);
      const first = runTransforms(c.displayPath, input, [transform]);
      expect(first.error).toBeUndefined();
      const actual = first.status === 'changed' ? first.output! : input;
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(c.outputPath, actual);
      expect(existsSync(c.outputPath), `${c.outputPath} missing`).toBe(true);
      expect(actual).toBe(readText(c.outputPath));
      for (const f of first.findings) expect(f.rule).toBe(id);

      const second = runTransforms(c.displayPath, actual, [transform]);
      expect(second.status, 'second run must change nothing').toBe('unchanged');
    });
  }
});

describe('fixture directories', () => {
  it('every fixture directory belongs to a registered transform', () => {
    const dirs = new Set(fixtureCases().map((c) => c.transform));
    for (const d of dirs) expect(byId.has(d), d).toBe(true);
  });
});
