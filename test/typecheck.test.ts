/** Migrated fixtures must type-check against the real SDK types (design.md quality rule 4). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..');

describe('migrated fixtures type-check', () => {
  it('tsc --noEmit -p tsconfig.fixtures.json', () => {
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.fixtures.json'], { cwd: repo, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  // Real repos build with noUnusedParameters (seen on the trial): a route that now answers 405
  // without reading its request must not leave an unused `req` behind.
  it('a server fixture with session-only routes builds under noUnusedParameters', () => {
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const file = '__testfixtures__/stateless-transport/express-session-records-reaper.output.ts';
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--noUnusedParameters', '--target', 'ES2022', '--module', 'NodeNext',
      '--moduleResolution', 'NodeNext', '--skipLibCheck', '--esModuleInterop', '--types', 'node', file], { cwd: repo, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
