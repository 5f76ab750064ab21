/**
 * Measuring one command: wall time, peak RSS (MB), exit code, stdout/stderr text. Shared by
 * every bench (bench/run.mjs, bench/trial-speed.mjs).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function statusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of VmRSS over pid and its descendants (scan of /proc/<n>/stat for parent ids). */
function treeRssKb(root) {
  const kids = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(e));
    } catch {
      /* gone */
    }
  }
  let sum = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    sum += statusKb(p, 'VmRSS');
    stack.push(...(kids.get(p) ?? []));
  }
  return sum;
}

let runCounter = 0;
let workDir = '/tmp';
/** Where the measured commands' stdout, stderr and time files go. */
export function setLogDir(dir) {
  workDir = dir;
}

/**
 * Runs `node args...` in cwd; returns wall seconds, peak RSS (MB), exit code, stdout/stderr text.
 * stdout goes to a file (or /dev/null), never through a pipe the bench would have to drain.
 */
export function measure(args, { cwd, stdin, keepStdout = true }) {
  return new Promise((resolvePromise) => {
    mkdirSync(join(workDir, 'logs'), { recursive: true });
    const id = ++runCounter;
    const outFile = join(workDir, 'logs', `run-${id}.out`);
    const errFile = join(workDir, 'logs', `run-${id}.err`);
    const timeFile = join(workDir, 'logs', `run-${id}.time`);
    const outFd = keepStdout ? openSync(outFile, 'w') : openSync('/dev/null', 'w');
    const errFd = openSync(errFile, 'w');
    let inFd = 'ignore';
    if (stdin !== undefined) {
      writeFileSync(join(workDir, 'logs', `run-${id}.in`), stdin);
      inFd = openSync(join(workDir, 'logs', `run-${id}.in`), 'r');
    }
    const [cmd, cmdArgs] = TIME ? [TIME, ['-f', '%M', '-o', timeFile, ...args]] : [args[0], args.slice(1)];
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { cwd, stdio: [inFd, outFd, errFd], env: { ...process.env, NO_COLOR: '1', CI: 'true', FORCE_COLOR: '0' } });
    let hwm = 0;
    let tree = 0;
    const poll = () => {
      // Under /usr/bin/time the measured process is its child; the tree sum covers both.
      tree = Math.max(tree, treeRssKb(child.pid));
      if (!TIME) hwm = Math.max(hwm, statusKb(child.pid, 'VmHWM'));
    };
    const timer = setInterval(poll, 100);
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      for (const fd of [outFd, errFd, inFd]) if (typeof fd === 'number') closeSync(fd);
      let timeKb = 0;
      if (TIME) {
        const t = readFileSync(timeFile, 'utf8').trim().split('\n');
        timeKb = Number(t[t.length - 1]) || 0;
        const m = /exit status (\d+)/.exec(t.join('\n'));
        if (m) code = Number(m[1]);
      }
      const stdout = keepStdout ? readFileSync(outFile, 'utf8') : '';
      const stderr = readFileSync(errFile, 'utf8');
      resolvePromise({ wall, rssMb: Math.max(timeKb, hwm, tree) / 1024, code, stdout, stderr });
    });
  });
}

