/** Where a command's output goes: stdout carries the product, stderr everything else. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour on stdout (TTY, no NO_COLOR, no --no-color, never for --json/--patch). */
  color: boolean;
  /** stderr is an interactive terminal (progress bar allowed). */
  errTty: boolean;
  cwd: string;
}

export function processIo(colorFlag: boolean | undefined): Io {
  const noColorEnv = 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    color: colorFlag !== false && !noColorEnv && !!process.stdout.isTTY && process.env.TERM !== 'dumb',
    errTty: !!process.stderr.isTTY && !process.env.CI,
    cwd: process.cwd(),
  };
}

/** A one-line progress bar on stderr, only on a terminal. */
export function progressBar(io: Io, enabled: boolean) {
  if (!enabled || !io.errTty) return { tick: (_d: number, _t: number) => {}, done: () => {} };
  let last = 0;
  return {
    tick(done: number, total: number) {
      const now = Date.now();
      if (now - last < 80 && done !== total) return;
      last = now;
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : width;
      io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files`);
    },
    done() {
      io.err('\r\x1b[2K');
    },
  };
}

export const SCHEMA_VERSION = 1;

export function jsonLine(record: Record<string, unknown>): string {
  return `${JSON.stringify({ schema: SCHEMA_VERSION, ...record })}\n`;
}
