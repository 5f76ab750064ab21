/**
 * One sink for every proposed file change, shared by `migrate` and `pins`, so preview,
 * patch, check, JSON and write can never disagree: the diff printed is the diff written
 * to the patch is the change written to disk.
 */
import { writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { unifiedDiff, colorize } from '../report/diff.ts';
import { atomicWrite, checkWritable, removeStaleTemps, staleFiles, type PendingWrite } from '../engine/write.ts';
import { jsonLine, type Io } from './io.ts';

export interface Change {
  rel: string;
  abs: string;
  before: string;
  after: string;
  readHash: string;
  /** What produced it (transform ids, or `pins`). */
  by?: string[];
}

export interface ChangeFlags {
  write?: boolean;
  patch?: string;
  check?: boolean;
  json?: boolean;
  quiet?: boolean;
  allowDirty?: boolean;
  allowNoVcs?: boolean;
}

export interface ChangeSummary {
  changed: number;
  written: number;
  /** One-line errors (exit 2). */
  errors: string[];
  patchPath?: string;
}

export class ChangeSink {
  private readonly patches: string[] = [];
  private readonly writes: PendingWrite[] = [];
  private count = 0;

  constructor(private readonly flags: ChangeFlags, private readonly io: Io) {}

  add(change: Change): void {
    this.count++;
    const diff = unifiedDiff(change.rel, change.before, change.after);
    if (this.flags.json) {
      this.io.out(jsonLine({ type: 'change', path: change.rel, by: change.by ?? [], diff }));
    } else if (!this.flags.quiet || this.flags.patch === '-') {
      // `--patch -` means: the preview on stdout is the patch, so never colour it.
      this.io.out(this.io.color && this.flags.patch !== '-' ? colorize(diff) : diff);
    }
    if (this.flags.patch && this.flags.patch !== '-') this.patches.push(diff);
    if (this.flags.write) this.writes.push({ abs: change.abs, rel: change.rel, after: change.after, readHash: change.readHash });
  }

  finish(): ChangeSummary {
    const summary: ChangeSummary = { changed: this.count, written: 0, errors: [] };
    if (this.flags.patch && this.flags.patch !== '-') {
      try {
        writeFileSync(resolve(this.io.cwd, this.flags.patch), this.patches.join(''));
        summary.patchPath = this.flags.patch;
      } catch (err) {
        summary.errors.push(`${this.flags.patch}: cannot write patch (${(err as NodeJS.ErrnoException).code})`);
      }
    }
    if (this.flags.write && this.writes.length) {
      const problems = checkWritable(this.writes, {
        cwd: this.io.cwd,
        allowDirty: !!this.flags.allowDirty,
        allowNoVcs: !!this.flags.allowNoVcs,
      });
      if (problems.length) {
        summary.errors.push(...problems);
        return summary;
      }
      const stale = staleFiles(this.writes);
      if (stale.length) {
        summary.errors.push(`nothing written: ${stale.length} file(s) changed on disk since they were read (${stale.slice(0, 5).join(', ')}); run again`);
        return summary;
      }
      removeStaleTemps(this.writes.map((w) => dirname(w.abs)));
      for (const w of this.writes) {
        try {
          atomicWrite(w.abs, w.after);
          summary.written++;
        } catch (err) {
          summary.errors.push(`${w.rel}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)}), left as it was`);
        }
      }
    }
    return summary;
  }
}

/** Convenience for callers that have all changes at hand (pins). */
export function emitChanges(changes: Change[], flags: ChangeFlags, io: Io): ChangeSummary {
  const sink = new ChangeSink(flags, io);
  for (const c of changes) sink.add(c);
  return sink.finish();
}
