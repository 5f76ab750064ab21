/** Flags shared by the file-walking commands, validated once with one-line errors. */
import { availableParallelism } from 'node:os';
import { TRANSFORMS, type TransformModule } from '../registry.ts';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/read.ts';
import type { DiscoverOptions } from '../engine/discover.ts';

export class UsageError extends Error {}

export interface CommonFlags {
  cpus?: string;
  ignore?: string[];
  gitignore?: boolean;
  shard?: string;
  maxFileSize?: string;
  transforms?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  json?: boolean;
  includeTests?: boolean;
  includeGenerated?: boolean;
}

export function parseCpus(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--cpus takes a whole number ≥ 1, got "${value}"`);
  return n;
}

export function parseShard(value: string | undefined): DiscoverOptions['shard'] {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard takes K/N with 1 ≤ K ≤ N (1-based, like vitest), got "${value}"`);
  }
  return { index, count };
}

export function parseSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_SIZE;
  const m = /^(\d+)(k|kb|m|mb)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--max-file-size takes bytes, or a number with k/m, got "${value}"`);
  const unit = (m[2] ?? '').toLowerCase();
  return Number(m[1]) * (unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1);
}

export function selectTransforms(value: string | undefined): TransformModule[] {
  if (!value) return TRANSFORMS;
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Map(TRANSFORMS.map((t) => [t.meta.id, t]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new UsageError(`unknown transform ${unknown.map((u) => `"${u}"`).join(', ')}; valid: ${[...known.keys()].join(', ')}`);
  }
  // Registry order, whatever order the user typed.
  return TRANSFORMS.filter((t) => ids.includes(t.meta.id));
}

export function discoverOptions(flags: CommonFlags, cwd: string): DiscoverOptions {
  return {
    cwd,
    ignore: flags.ignore ?? [],
    gitignore: flags.gitignore !== false,
    shard: parseShard(flags.shard),
  };
}
