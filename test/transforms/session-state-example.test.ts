/**
 * The example monorepo's cart server (examples/legacy-monorepo, the demo) through the full transform
 * chain: every session id read is migrated (the empty-shape `checkout` tool used to be skipped
 * silently), and the migrated file type-checks against the real v1 SDK types. The example itself is
 * never written: the output goes to .tmp/.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runTransforms } from '../../src/engine/run-file.ts';
import { TRANSFORMS } from '../../src/registry.ts';

const repo = join(import.meta.dirname, '..', '..');
const example = join(repo, 'examples', 'legacy-monorepo', 'packages', 'cart-server', 'src', 'cart.ts');
mkdirSync(join(repo, '.tmp'), { recursive: true });
const work = mkdtempSync(join(repo, '.tmp', 'session-state-example-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('example cart server migrates completely', () => {
  const source = readFileSync(example, 'utf8');
  const out = runTransforms('packages/cart-server/src/cart.ts', source, TRANSFORMS);

  it('every tool is rewritten to the cart_id handle; no session id read is left', () => {
    expect(out.error).toBeUndefined();
    expect(out.status).toBe('changed');
    const text = out.output!;
    expect(text).not.toMatch(/sessionId/);
    expect(text).not.toMatch(/mcp-migrate\(session-state\)/); // nothing refused
    expect(text).toContain("'open_cart'");
    for (const tool of ['add_item', 'checkout']) {
      const registration = text.slice(text.indexOf(`'${tool}'`));
      expect(registration.slice(0, registration.indexOf('=> {'))).toContain('cart_id');
    }
    const fixedTools = out.findings.filter((f) => f.rule === 'session-state' && f.resolution === 'fixed' && /^tool "/.test(f.message));
    expect(fixedTools.map((f) => /^tool "([^"]+)"/.exec(f.message)![1]).sort()).toEqual(['add_item', 'checkout']);
  });

  it('the migrated file type-checks against the real v1 SDK types', () => {
    writeFileSync(join(work, 'cart.ts'), out.output!);
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.fixtures.json', include: ['cart.ts'] }));
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], { cwd: repo, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
