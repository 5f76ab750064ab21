/**
 * Write safety: `migrate --write` never leaves a half-written file, never loses one, and
 * never writes where it must not.
 *
 * - SIGKILL at seeded random points (mostly inside the write phase, detected by watching
 *   the first target) on a tree of a few hundred migratable files: every file is the old or
 *   the new version, and the next run finishes the job and leaves no temp file behind.
 * - Read-only files (refused: the user marked them so) and directories (the OS refuses),
 *   files changing between read and write (ChangeSink, staleFiles), in-tree and
 *   out-of-tree symlinks, symlink loops, spaces / non-ASCII / glob characters in paths,
 *   very long names and paths, CRLF / BOM / no final newline.
 *
 * The new version of every file is the committed fixture output of resource-not-found-code
 * (byte-exact, checked by the fixture runner), so the runs use `--transforms
 * resource-not-found-code`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import {
  chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI, NOBODY, asNobody, cleanup, git, gitInit, runCli, tempDir } from '../helpers/cli.ts';
import { FIXTURE_ROOT } from '../helpers/fixtures.ts';
import { ChangeSink } from '../../src/cli/changes.ts';
import type { Io } from '../../src/cli/io.ts';
import { hashBytes } from '../../src/engine/read.ts';
import { TEMP_MARK, atomicWrite, removeStaleTemps, staleFiles } from '../../src/engine/write.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) if (existsSync(d)) chmodTree(d);
  cleanup(...dirs);
});

const RULE = ['--transforms', 'resource-not-found-code'];
const FIX = join(FIXTURE_ROOT, 'resource-not-found-code');
/** name → old and new bytes (CRLF, BOM without final newline, tabs, a .js, and unchanged ones among them). */
const PAIRS = readdirSync(FIX)
  .filter((f) => f.includes('.input.'))
  .sort()
  .map((f) => ({ name: f.replace('.input', ''), old: readFileSync(join(FIX, f)), new: readFileSync(join(FIX, f.replace('.input.', '.output.'))) }));
const MIGRATING = PAIRS.filter((p) => !p.old.equals(p.new));

function mkTemp(): string {
  const d = tempDir('mcp-migrate-ws-');
  dirs.push(d);
  return d;
}

function chmodTree(d: string) {
  try {
    chmodSync(d, 0o755);
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) chmodTree(join(d, e.name));
  } catch { /* best effort before rm */ }
}

/** Every path below `dir` (not .git), relative. */
function listTree(dir: string, sub = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
    if (e.name === '.git') continue;
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listTree(dir, rel));
    else out.push(rel);
  }
  return out;
}

function write(dir: string, rel: string, bytes: Buffer | string) {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), bytes);
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGKILL during --write', () => {
  const FILES = 200;
  const DIRS = ['src', 'dir with spaces', 'ünïcödé', '日本語/深い/パス'];
  /** rel → pair, in the order the run writes them (sorted by path). */
  function layout(): Array<{ rel: string; old: Buffer; new: Buffer }> {
    const files = [];
    for (let i = 0; i < FILES; i++) {
      const p = PAIRS[i % PAIRS.length];
      files.push({ rel: `${DIRS[i % DIRS.length]}/${String(i).padStart(3, '0')} ${p.name}`, old: p.old, new: p.new });
    }
    return files.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  }

  it('leaves every file old or new, never partial; the next run completes and removes temp files', { timeout: 300_000 }, async () => {
    expect(existsSync(CLI), 'build first (npm run build)').toBe(true);
    const files = layout();
    const firstTarget = files.find((f) => !f.old.equals(f.new))!;
    const random = rng(0x5eed);
    const report: string[] = [];
    const ITERATIONS = 10;
    for (let it = 0; it < ITERATIONS; it++) {
      const dir = mkTemp();
      for (const f of files) write(dir, f.rel, f.old);
      gitInit(dir);
      const firstAbs = join(dir, firstTarget.rel);

      const child = spawn(process.execPath, [CLI, 'migrate', '.', '--write', '--quiet', '--cpus', '1', ...RULE], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', CI: 'true' },
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      let exited = false;
      const done = new Promise<void>((resolve) => child.on('exit', () => { exited = true; resolve(); }));
      // Two kills at a random moment of the whole run, the rest inside the write phase:
      // its start is seen when the first target changes or a temp file appears.
      const when = it < 2 ? 'anytime' : 'write phase';
      if (when === 'anytime') {
        await sleep(Math.floor(random() * 1500));
      } else {
        const deadline = Date.now() + 120_000;
        while (!exited && Date.now() < deadline) {
          const started = !readFileSync(firstAbs).equals(firstTarget.old) || readdirSync(dirname(firstAbs)).some((n) => n.startsWith(TEMP_MARK));
          if (started) break;
          await sleep(1);
        }
        await sleep(Math.floor(random() * 25));
      }
      const killedEarly = !exited;
      child.kill('SIGKILL');
      await done;

      let fresh = 0;
      for (const f of files) {
        const now = readFileSync(join(dir, f.rel));
        const isOld = now.equals(f.old);
        const isNew = now.equals(f.new);
        expect(isOld || isNew, `${f.rel} after kill ${it} is neither the old nor the new version`).toBe(true);
        if (isNew && !isOld) fresh++;
      }
      const temps = listTree(dir).filter((p) => p.split('/').pop()!.startsWith(TEMP_MARK));

      const next = runCli(['migrate', '.', '--write', '--quiet', '--cpus', '1', ...RULE], { cwd: dir });
      expect(next.code, next.stderr).toBe(0);
      for (const f of files) expect(readFileSync(join(dir, f.rel)).equals(f.new), `${f.rel} after the next run`).toBe(true);
      expect(listTree(dir).filter((p) => p.includes(TEMP_MARK)), 'temp files after the next run').toEqual([]);
      expect(listTree(dir).length).toBe(FILES);
      report.push(`${when}${killedEarly ? '' : ' (had finished)'}: ${fresh} new, ${temps.length} temp`);
    }
    console.log(`SIGKILL × ${ITERATIONS} on ${FILES} files (${files.filter((f) => !f.old.equals(f.new)).length} to rewrite): ${report.join('; ')}`);
  });
});

describe('paths, encodings and links', () => {
  it('spaces, non-ASCII, glob characters, very long names and paths, CRLF/BOM/no final newline are written exactly', () => {
    const dir = mkTemp();
    const longName = `${'a'.repeat(240)}.ts`; // 243 bytes: the name limit is 255
    const longUnicode = `${'é'.repeat(120)}.ts`; // 242 bytes in UTF-8
    const deep = Array.from({ length: 14 }, (_, i) => `level-${i}-${'d'.repeat(200)}`).join('/'); // ~3 KB path
    const names = [
      'with space/file name.ts', 'naïve café/résumé.ts', '日本語/ファイル.ts', 'emoji 🚀/x.ts', 'app/[id]/route.ts', 'app/(group)/*star*.ts',
      "quote's/\"dq\".ts", 'lead-dash/-x.ts', longName, `long/${longUnicode}`, `${deep}/deep.ts`,
    ];
    const all: Array<{ rel: string; old: Buffer; new: Buffer }> = [];
    names.forEach((n, i) => {
      const p = MIGRATING[i % MIGRATING.length];
      all.push({ rel: n, old: p.old, new: p.new });
    });
    for (const p of PAIRS) all.push({ rel: `eol/${p.name}`, old: p.old, new: p.new });
    for (const f of all) write(dir, f.rel, f.old);
    gitInit(dir);
    const r = runCli(['migrate', '.', '--write', '--json', ...RULE], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const f of all) expect(readFileSync(join(dir, f.rel)).equals(f.new), f.rel).toBe(true);
    const changed = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.type === 'change').map((x) => x.path);
    expect(changed.sort()).toEqual(all.filter((f) => !f.old.equals(f.new)).map((f) => f.rel).sort());
    expect(listTree(dir).filter((p) => p.includes(TEMP_MARK))).toEqual([]);
  });

  it('a dirty file whose name is also a glob does not make its clean namesake "dirty" (literal pathspecs)', () => {
    const dir = mkTemp();
    const p = MIGRATING[0];
    write(dir, 'app/[id].ts', p.old); // clean, to be migrated
    write(dir, 'app/i.ts', 'export const i = 1;\n'); // matched by the glob [id].ts
    gitInit(dir);
    writeFileSync(join(dir, 'app/i.ts'), 'export const i = 2;\n'); // a local edit, unrelated
    const r = runCli(['migrate', '.', '--write', ...RULE], { cwd: dir });
    expect(r.stderr).not.toMatch(/uncommitted/);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'app/[id].ts')).equals(p.new)).toBe(true);
  });

  it('symlinks: in-tree ones stay links (their target is migrated), out-of-tree ones and loops are refused by name', () => {
    const dir = mkTemp();
    const outside = mkTemp();
    const p = MIGRATING[0];
    write(dir, 'real.ts', p.old);
    write(outside, 'secret.ts', p.old);
    symlinkSync('real.ts', join(dir, 'alias.ts'));
    symlinkSync(join(outside, 'secret.ts'), join(dir, 'out.ts'));
    symlinkSync('loop-b.ts', join(dir, 'loop-a.ts'));
    symlinkSync('loop-a.ts', join(dir, 'loop-b.ts'));
    symlinkSync('.', join(dir, 'self')); // a directory loop
    symlinkSync('missing.ts', join(dir, 'dangling.ts'));
    gitInit(dir);
    const r = runCli(['migrate', '.', '--write', ...RULE], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('mcp-migrate: '));
    expect(lines.filter((l) => l.includes('out.ts'))).toEqual(['mcp-migrate: out.ts: symlink pointing out of the tree, not followed']);
    for (const n of ['loop-a.ts', 'loop-b.ts', 'dangling.ts']) expect(lines.filter((l) => l.includes(n)), n).toHaveLength(1);
    expect(lines.some((l) => l.includes('alias.ts'))).toBe(false);
    expect(readFileSync(join(dir, 'real.ts')).equals(p.new)).toBe(true);
    expect(lstatSync(join(dir, 'alias.ts')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'alias.ts'))).toBe('real.ts');
    expect(lstatSync(join(dir, 'out.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'secret.ts')).equals(p.old)).toBe(true);
  });
});

describe('permissions', () => {
  it('a read-only file is refused by name and left as it was; the rest is written', () => {
    const dir = mkTemp();
    const p = MIGRATING[0];
    write(dir, 'locked.ts', p.old);
    write(dir, 'open.ts', p.old);
    gitInit(dir);
    chmodSync(join(dir, 'locked.ts'), 0o444);
    const r = runCli(['migrate', '.', '--write', ...RULE], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mcp-migrate: locked\.ts: cannot write \(read-only file\), left as it was$/m);
    expect(readFileSync(join(dir, 'locked.ts')).equals(p.old)).toBe(true);
    expect(statSync(join(dir, 'locked.ts')).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(dir, 'open.ts')).equals(p.new)).toBe(true);
  });

  it('a read-only directory: its files are refused by name, nothing partial, no temp file', () => {
    const dir = mkTemp();
    const p = MIGRATING[0];
    write(dir, 'frozen/a.ts', p.old);
    write(dir, 'open/b.ts', p.old);
    chmodSync(join(dir, 'frozen'), 0o555);
    // Root ignores directory permissions; run the CLI as `nobody` so they bite.
    const nobody = asNobody();
    if (nobody.uid !== undefined) {
      for (const rel of ['.', 'frozen', 'frozen/a.ts', 'open', 'open/b.ts']) chownSync(join(dir, rel), NOBODY, NOBODY);
      chmodSync(dir, 0o755);
    }
    const r = runCli(['migrate', '.', '--write', '--allow-no-vcs', ...RULE], { cwd: dir, ...nobody });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mcp-migrate: frozen\/a\.ts: cannot write \(EACCES\), left as it was$/m);
    expect(readFileSync(join(dir, 'frozen/a.ts')).equals(p.old)).toBe(true);
    expect(readFileSync(join(dir, 'open/b.ts')).equals(p.new)).toBe(true);
    expect(listTree(dir).filter((x) => x.includes(TEMP_MARK))).toEqual([]);
  });
});

describe('files changing between read and write', () => {
  const io = (cwd: string): Io & { errors: string[] } => {
    const errors: string[] = [];
    return { out: () => {}, err: (t) => errors.push(t), color: false, errTty: false, cwd, errors };
  };

  it('ChangeSink writes nothing when any target changed on disk after it was read', () => {
    const dir = mkTemp();
    const p = MIGRATING[0];
    write(dir, 'a.ts', p.old);
    write(dir, 'b.ts', p.old);
    const sink = new ChangeSink({ write: true, allowNoVcs: true, quiet: true }, io(dir));
    for (const n of ['a.ts', 'b.ts']) {
      sink.add({ rel: n, abs: join(dir, n), before: p.old.toString(), after: p.new.toString(), readHash: hashBytes(p.old) });
    }
    writeFileSync(join(dir, 'b.ts'), Buffer.concat([p.old, Buffer.from('// edited meanwhile\n')]));
    const summary = sink.finish();
    expect(summary.written).toBe(0);
    expect(summary.errors).toEqual([expect.stringMatching(/^nothing written: 1 file\(s\) changed on disk since they were read \(b\.ts\); run again$/)]);
    expect(readFileSync(join(dir, 'a.ts')).equals(p.old)).toBe(true);
    expect(readFileSync(join(dir, 'b.ts')).toString()).toContain('edited meanwhile');
  });

  it('staleFiles: edited, deleted, and swapped-for-a-symlink targets are stale; untouched ones are not', () => {
    const dir = mkTemp();
    const p = MIGRATING[0];
    for (const n of ['same.ts', 'edited.ts', 'deleted.ts', 'swapped.ts', 'target.ts']) write(dir, n, p.old);
    const pending = (n: string) => ({ abs: join(dir, n), rel: n, after: p.new.toString(), readHash: hashBytes(p.old) });
    writeFileSync(join(dir, 'edited.ts'), 'x');
    rmSync(join(dir, 'deleted.ts'));
    rmSync(join(dir, 'swapped.ts'));
    symlinkSync('target.ts', join(dir, 'swapped.ts')); // same bytes behind it, but writing would replace the link
    expect(staleFiles(['same.ts', 'edited.ts', 'deleted.ts', 'swapped.ts'].map(pending))).toEqual(['edited.ts', 'deleted.ts', 'swapped.ts']);
  });

  it('a target committed by someone else in the meantime (clean tree, new bytes) is still stale', () => {
    const dir = mkTemp();
    const p = MIGRATING[0];
    write(dir, 'a.ts', p.old);
    gitInit(dir);
    const sink = new ChangeSink({ write: true, quiet: true }, io(dir));
    sink.add({ rel: 'a.ts', abs: join(dir, 'a.ts'), before: p.old.toString(), after: p.new.toString(), readHash: hashBytes(p.old) });
    writeFileSync(join(dir, 'a.ts'), p.new); // someone else already migrated it
    git(dir, ['commit', '-qam', 'migrated elsewhere']);
    const summary = sink.finish();
    expect(summary.written).toBe(0);
    expect(summary.errors[0]).toMatch(/changed on disk since they were read \(a\.ts\)/);
  });
});

describe('temp files', () => {
  it('atomicWrite keeps the mode and leaves no temp file; removeStaleTemps removes only ours', () => {
    const dir = mkTemp();
    write(dir, 'a.ts', 'old\n');
    chmodSync(join(dir, 'a.ts'), 0o640);
    atomicWrite(join(dir, 'a.ts'), 'new\n');
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toBe('new\n');
    expect(statSync(join(dir, 'a.ts')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.ts']);
    write(dir, `${TEMP_MARK}a.ts.123.abcd`, 'half');
    write(dir, 'keep.mcp-migrate-tmp.ts', 'not ours');
    removeStaleTemps([dir]);
    expect(readdirSync(dir).sort()).toEqual(['a.ts', 'keep.mcp-migrate-tmp.ts']);
  });
});
