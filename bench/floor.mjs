/**
 * The physical floor without ripgrep: one Node process that walks the tree (same file
 * filter as mcp-migrate), reads every file and byte-scans it for the trigger tokens.
 * Usage: node bench/floor.mjs DIR TOKEN... ; prints one JSON line {files, bytes, matched}.
 */
import { openSync, readSync, closeSync, fstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...tokens] = process.argv.slice(2);
const needles = tokens.map((t) => Buffer.from(t));
const EXT = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const isSource = (n) => {
  if (/\.d\.[mc]?ts$/.test(n)) return false;
  const dot = n.lastIndexOf('.');
  return dot > 0 && EXT.has(n.slice(dot).toLowerCase());
};

let files = 0;
let bytes = 0;
let matched = 0;
let buf = Buffer.allocUnsafe(1 << 20);
const stack = [dir];
while (stack.length) {
  const cur = stack.pop();
  for (const e of readdirSync(cur, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.git') continue;
    const p = join(cur, e.name);
    if (e.isDirectory()) stack.push(p);
    else if (e.isFile() && isSource(e.name)) {
      const fd = openSync(p, 'r');
      const size = fstatSync(fd).size;
      if (size > buf.length) buf = Buffer.allocUnsafe(size);
      let off = 0;
      while (off < size) {
        const n = readSync(fd, buf, off, size - off, off);
        if (n === 0) break;
        off += n;
      }
      closeSync(fd);
      const view = buf.subarray(0, off);
      files++;
      bytes += off;
      if (needles.some((t) => view.includes(t))) matched++;
    }
  }
}
process.stdout.write(JSON.stringify({ files, bytes, matched }) + '\n');
