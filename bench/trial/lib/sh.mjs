/** Child processes with a time limit, output captured, never a throw. */
import { spawnSync } from 'node:child_process';

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

/** A command line from a TSV cell, run by bash so `&&` and env assignments work. */
export function runShell(line, opts) {
  return run('bash', ['-c', line], opts);
}

export function git(cwd, args, opts = {}) {
  return run('git', ['-c', 'core.autocrlf=false', '-c', 'core.safecrlf=false', ...args], { cwd, ...opts });
}
