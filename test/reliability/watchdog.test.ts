/**
 * The main thread's time limit (src/engine/watchdog.ts): a file stuck in the main thread
 * ends the run with one line naming it, instead of a silent hang; a run that finishes is
 * neither slowed nor kept alive by the watching thread. Run in a child process (the stuck
 * case kills its process), from the build that `npm test` makes first.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../helpers/cli.ts';

const watchdog = pathToFileURL(join(REPO, 'dist', 'src', 'engine', 'watchdog.js')).href;
const run = (body: string) =>
  spawnSync(process.execPath, ['--input-type=module', '-e', `import { guarded } from '${watchdog}';\n${body}`], { encoding: 'utf8', timeout: 20_000 });

describe('watchdog', () => {
  it('a file stuck past its limit stops the run with one line naming it', () => {
    const r = run(`guarded('src/stuck.ts', 300, () => { for (;;) {} });`);
    expect(r.error).toBeUndefined(); // not our 20 s timeout: the watchdog ended it
    expect(r.signal).toBe('SIGKILL');
    expect(r.stderr.trim()).toMatch(/^mcp-migrate: src\/stuck\.ts: transforms did not finish within 0\.3 s; stopped, nothing was written/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('files that finish in time pass their results through and the process exits by itself', () => {
    const r = run(`let n = 0; for (let i = 0; i < 50; i++) n += guarded('f' + i + '.ts', 200, () => i); console.log(n);`);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(String((49 * 50) / 2));
  });

  it('a throw inside the guarded work reaches the caller and the limit is lifted', () => {
    const r = run(`try { guarded('bad.ts', 200, () => { throw new Error('boom'); }); } catch (e) { console.log(e.message); }
const until = Date.now() + 600; while (Date.now() < until) {} console.log('alive');`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['boom', 'alive']);
  });
});
