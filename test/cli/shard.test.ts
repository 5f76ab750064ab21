/**
 * `--shard K/N` for CI matrices: on a seeded synthetic monorepo (bench/gen.mjs, with MCP
 * patterns dense enough that every shard has changes), for N = 1..4
 * - discovery partitions the files: every file in exactly one shard;
 * - the NDJSON outputs of the shards, concatenated, hold exactly the records of the
 *   unsharded run (changes, findings), and the summary counts add up;
 * - the --patch outputs of the shards apply together with git apply (one by one and
 *   concatenated) and give the same tree as the unsharded patch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, git, runCli, tempDir } from '../helpers/cli.ts';
import { generateSynthetic } from '../../bench/gen.mjs';
import { discover } from '../../src/engine/discover.ts';

const dirs: string[] = [];
let tree = '';
let unsharded: Output;

interface Output {
  records: Array<Record<string, unknown>>;
  summary: Record<string, number>;
  patch: string;
}

function run(args: string[], cwd: string, patchName: string): Output {
  const r = runCli(['migrate', '.', '--json', '--patch', join('..', patchName), ...args], { cwd });
  // 2 would mean per-file errors; they must then be identical across shards (checked below).
  expect([0, 2], r.stderr).toContain(r.code);
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = lines.find((l) => l.type === 'summary') as Record<string, number>;
  expect(summary).toBeDefined();
  return { records: lines.filter((l) => l.type !== 'summary'), summary, patch: readFileSync(join(cwd, '..', patchName), 'utf8') };
}

const key = (r: Record<string, unknown>) => JSON.stringify(r);
const sorted = (rs: Array<Record<string, unknown>>) => rs.map(key).sort();

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(p.slice(dir.length + 1), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** A fresh git copy of the tree (the shard runs never write, so the tree stays pristine). */
function copyOfTree(): string {
  const d = tempDir('mcp-migrate-shard-apply-');
  dirs.push(d);
  cpSync(tree, d, { recursive: true });
  return d;
}

beforeAll(() => {
  const work = tempDir('mcp-migrate-shard-');
  dirs.push(work);
  // 240 files, 3% per MCP pattern: ~30 MCP files spread over 4 workspaces.
  tree = generateSynthetic({ files: 240, seed: 7, workspaces: 4, mcpRate: 0.03, workDir: work }).dir;
  unsharded = run(['--cpus', '2'], tree, 'all.patch');
  expect(unsharded.summary.discovered).toBeGreaterThan(200);
  expect(unsharded.summary.changed).toBeGreaterThan(8);
  expect(unsharded.records.filter((r) => r.type === 'change').length).toBe(unsharded.summary.changed);
}, 300_000);

afterAll(() => cleanup(...dirs));

describe('--shard K/N', () => {
  it('discovery puts every file in exactly one shard (N = 1..4)', () => {
    const all = discover(['.'], { cwd: tree, ignore: [], gitignore: true }).files.map((f) => f.rel);
    expect(all.length).toBeGreaterThan(200);
    for (let n = 1; n <= 4; n++) {
      const seen = new Map<string, number>();
      for (let k = 1; k <= n; k++) {
        for (const f of discover(['.'], { cwd: tree, ignore: [], gitignore: true, shard: { index: k, count: n } }).files) {
          expect(seen.has(f.rel), `${f.rel} in shard ${seen.get(f.rel)} and ${k} of ${n}`).toBe(false);
          seen.set(f.rel, k);
        }
      }
      expect([...seen.keys()].sort()).toEqual(all);
      if (n > 1) expect(new Set(seen.values()).size, `every shard of ${n} gets files`).toBe(n);
    }
  });

  for (let n = 1; n <= 4; n++) {
    it(`the ${n} shard run(s) together equal the unsharded run: NDJSON concatenates, patches apply together`, () => {
      const outs: Output[] = [];
      for (let k = 1; k <= n; k++) outs.push(run(['--shard', `${k}/${n}`, '--cpus', '1'], tree, `shard-${k}-of-${n}.patch`));

      // Counts add up; no file changed in two shards.
      for (const field of ['discovered', 'parsed', 'changed', 'errors'] as const) {
        expect(outs.reduce((s, o) => s + o.summary[field], 0), field).toBe(unsharded.summary[field]);
      }
      const changedPaths = outs.flatMap((o) => o.records.filter((r) => r.type === 'change').map((r) => r.path as string));
      expect(new Set(changedPaths).size).toBe(changedPaths.length);

      // `cat shard-*.ndjson` holds exactly the unsharded records (summary lines aside).
      const concatenated = outs.flatMap((o) => o.records);
      expect(sorted(concatenated)).toEqual(sorted(unsharded.records));

      // Patches: each shard's applies on top of the others', and `cat`-ed they are one patch.
      const oneByOne = copyOfTree();
      for (let k = 1; k <= n; k++) git(oneByOne, ['apply', join(tree, '..', `shard-${k}-of-${n}.patch`)]);
      const catted = copyOfTree();
      writeFileSync(join(tree, '..', `cat-${n}.patch`), outs.map((o) => o.patch).join(''));
      git(catted, ['apply', join(tree, '..', `cat-${n}.patch`)]);
      const reference = copyOfTree();
      git(reference, ['apply', join(tree, '..', 'all.patch')]);
      const expected = snapshot(reference);
      expect(snapshot(oneByOne)).toEqual(expected);
      expect(snapshot(catted)).toEqual(expected);
      // And the patches did change something.
      expect(expected).not.toEqual(snapshot(tree));
    }, 300_000);
  }
});
