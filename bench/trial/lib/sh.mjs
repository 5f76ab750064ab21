/** Child processes with a time limit, output captured, never a throw. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function run(cmd, args, { cwd, env, timeoutMs = 600_000, input, shell = false } = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    input,
    shell,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    code: r.status ?? (r.signal ? 124 : 1),
    timedOut: r.error?.code === 'ETIMEDOUT' || (r.signal === 'SIGKILL' && seconds * 1000 >= timeoutMs - 50),
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error && r.error.code !== 'ETIMEDOUT' ? `\n${r.error.message}` : ''),
    seconds,
  };
}

/**
 * A command line from a TSV cell, run by bash so `&&` and env assignments work. Test suites
 * leave servers behind: output goes to a file (a pipe would wait for every process holding
 * it), the command runs in a process group of its own, and the whole group is killed when
 * bash ends or times out.
 */
export function runShell(line, { cwd, env, timeoutMs = 600_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'trial-sh-'));
  const outFile = join(dir, 'out');
  const fd = openSync(outFile, 'w');
  const started = process.hrtime.bigint();
  let r;
  try {
    r = spawnSync('setsid', ['bash', '-c', line], {
      cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd], timeout: timeoutMs, killSignal: 'SIGKILL',
    });
  } finally {
    closeSync(fd);
  }
  if (r.pid) {
    try { process.kill(-r.pid, 'SIGKILL'); } catch { /* the group is already gone */ }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const output = readFileSync(outFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return {
    code: r.status ?? (r.signal ? 124 : 1),
    timedOut: r.error?.code === 'ETIMEDOUT' || (r.signal === 'SIGKILL' && seconds * 1000 >= timeoutMs - 50),
    stdout: output,
    stderr: r.error && r.error.code !== 'ETIMEDOUT' ? r.error.message : '',
    seconds,
  };
}

export function git(cwd, args, opts = {}) {
  return run('git', ['-c', 'core.autocrlf=false', '-c', 'core.safecrlf=false', ...args], { cwd, ...opts });
}
