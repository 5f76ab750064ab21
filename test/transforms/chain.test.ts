/**
 * All registered transforms in registry order on one file, as the engine runs them: a
 * rewrite by one must never break the next (each gets positions of the text it is given),
 * and the chained result is idempotent. The demo's express server is the case that once
 * failed: stateless-transport rewrites it, then session-state reads it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSFORMS } from '../../src/registry.ts';
import { runTransforms } from '../../src/engine/run-file.ts';
import { EXAMPLE } from '../helpers/cli.ts';
import { fixtureCases } from '../helpers/fixtures.ts';

const examples = ['http-server/src/server.ts', 'cart-server/src/cart.ts', 'oauth-client/src/callback.ts', 'stdio-server/src/index.ts'];

describe('every transform, chained', () => {
  it.each(examples)('example %s migrates without errors and is idempotent', (rel) => {
    const text = readFileSync(join(EXAMPLE, 'packages', rel), 'utf8');
    const first = runTransforms(rel, text, TRANSFORMS);
    expect(first.error).toBeUndefined();
    expect(first.status).toBe('changed');
    const second = runTransforms(rel, first.output!, TRANSFORMS);
    expect(second.error).toBeUndefined();
    expect(second.status).toBe('unchanged');
  });

  it('every input fixture goes through the whole chain without a transform failure', () => {
    const failures: string[] = [];
    for (const c of fixtureCases()) {
      const r = runTransforms(c.displayPath, readFileSync(c.inputPath, 'utf8'), TRANSFORMS);
      if (r.status === 'error') failures.push(`${c.displayPath}: ${r.error}`);
      else if (r.status === 'changed' && runTransforms(c.displayPath, r.output!, TRANSFORMS).status !== 'unchanged') {
        failures.push(`${c.displayPath}: chained output not idempotent`);
      }
    }
    expect(failures).toEqual([]);
  });
});
