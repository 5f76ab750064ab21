/**
 * Reading a candidate safely: never through a symlink (O_NOFOLLOW), never a file over the
 * size limit, never a binary or non-UTF-8 file. Each refusal is a one-line reason.
 * `error` refusals are inputs the user must hear about (exit 2); `skipped` ones are benign
 * (an in-tree symlink whose target is processed anyway, a file git lists but the tree lacks).
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { relative, isAbsolute } from 'node:path';

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/**
 * A refusal for size or binary content carries the bytes on request: such a file only
 * matters if it holds a trigger token (a vendored bundle with no MCP session code must not
 * fail every `--check` in CI), and only the caller knows the tokens.
 */
export type Refusal = { ok: false; kind: 'skipped' | 'error'; reason: string; bytes?: () => Buffer | undefined };

export type ReadResult =
  | { ok: true; bytes: Buffer; mode: number; hash: string }
  | Refusal;

/** Files larger than this are refused without looking at their bytes at all. */
const MAX_SCAN_SIZE = 256 * 1024 * 1024;

export function hashBytes(bytes: Buffer | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

function inside(root: string, target: string): boolean {
  const r = relative(root, target);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * One buffer, grown as needed, for reads whose bytes are looked at once and dropped: the
 * run reads every file of the tree but keeps only the few that match a trigger, and a
 * fresh Buffer per file made the main thread's RSS grow with the tree (100k files: dead
 * buffers waiting for a GC that external memory does not hurry).
 */
let scratch = Buffer.allocUnsafeSlow(256 * 1024);

export interface ReadOptions {
  /**
   * Read into the shared scratch buffer: `bytes` is valid only until the next read, and
   * `hash` must not be used; `keep()` makes an owned copy (with its hash) when needed.
   */
  scratch?: boolean;
}

export type ScratchRead =
  | { ok: true; bytes: Buffer; mode: number; keep(): { ok: true; bytes: Buffer; mode: number; hash: string } }
  | Refusal;

function owned(data: Buffer, mode: number): { ok: true; bytes: Buffer; mode: number; hash: string } {
  // The hash is only needed for files that will change (stale check at write time):
  // computed on first access, so the 99% of files that are only prefiltered never pay for it.
  let hash: string | undefined;
  return { ok: true, bytes: data, mode, get hash() { return (hash ??= hashBytes(data)); } };
}

export function readCandidate(abs: string, root: string, maxSize: number): ReadResult;
export function readCandidate(abs: string, root: string, maxSize: number, options: { scratch: true }): ScratchRead;
export function readCandidate(abs: string, root: string, maxSize: number, options: ReadOptions = {}): ReadResult | ScratchRead {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      let target: string;
      try {
        target = realpathSync(abs);
      } catch {
        return { ok: false, kind: 'error', reason: 'symlink to a missing target or a loop, not followed' };
      }
      let rootReal = root;
      try { rootReal = realpathSync(root); } catch { /* keep as given */ }
      return inside(rootReal, target)
        ? { ok: false, kind: 'skipped', reason: 'symlink (its in-tree target is processed on its own)' }
        : { ok: false, kind: 'error', reason: 'symlink pointing out of the tree, not followed' };
    }
    if (code === 'ENOENT') return { ok: false, kind: 'skipped', reason: 'listed by git but missing from the work tree' };
    if (code === 'EISDIR') return { ok: false, kind: 'skipped', reason: 'a directory (submodule?)' };
    return { ok: false, kind: 'error', reason: `cannot read (${code})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, kind: 'skipped', reason: 'not a regular file' };
    if (st.size > maxSize) {
      const size = st.size;
      return {
        ok: false, kind: 'error', reason: `too large (${size} bytes > --max-file-size ${maxSize}), not read`,
        bytes: () => (size > MAX_SCAN_SIZE ? undefined : readWhole(abs, size)),
      };
    }
    if (options.scratch && scratch.length < st.size) scratch = Buffer.allocUnsafeSlow(Math.max(st.size, scratch.length * 2));
    const bytes = options.scratch ? scratch : Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, bytes, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    const data = off === bytes.length ? bytes : bytes.subarray(0, off);
    if (data.indexOf(0) !== -1) return { ok: false, kind: 'error', reason: 'binary file (contains NUL bytes), not parsed', bytes: () => data };
    const mode = st.mode & 0o7777;
    if (options.scratch) return { ok: true, bytes: data, mode, keep: () => owned(Buffer.from(data), mode) };
    return owned(data, mode);
  } catch (err) {
    return { ok: false, kind: 'error', reason: `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  } finally {
    closeSync(fd);
  }
}

function readWhole(abs: string, size: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const bytes = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return bytes.subarray(0, off);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes strictly; the BOM (if any) stays in the text so it can be written back. */
export function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
