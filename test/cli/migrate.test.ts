/**
 * The built binary, end to end, on temp copies: preview touches nothing, the patch applies,
 * --write produces exactly the patched tree, --check gates, CRLF/BOM survive, bad input
 * costs one line and exit 2 while the rest of the run goes on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE, asNobody, cleanup, git, runCli, tempCopy, tempDir, gitInit } from '../helpers/cli.ts';
import { FIXTURE_ROOT } from '../helpers/fixtures.ts';

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.set(p.slice(dir.length + 1), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/** The resource-not-found-code inputs (CRLF, BOM, no final newline among them). */
function rncTree(): string {
  const dir = tempDir();
  const src = join(FIXTURE_ROOT, 'resource-not-found-code');
  for (const f of readdirSync(src).filter((f) => f.includes('.input.'))) {
    writeFileSync(join(dir, f.replace('.input', '')), readFileSync(join(src, f)));
  }
  gitInit(dir);
  dirs.push(dir);
  return dir;
}

describe('migrate preview, patch, write', () => {
  it('preview prints a diff and leaves every file byte-identical', () => {
    const dir = tempCopy(EXAMPLE, { git: true });
    dirs.push(dir);
    const before = snapshot(dir);
    const r = runCli(['migrate', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^diff --git a\//m);
    expect(r.stderr).toMatch(/to change/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--patch applies with git apply, and --write produces exactly the patched tree', () => {
    const a = rncTree();
    const b = tempDir();
    dirs.push(b);
    for (const [rel, bytes] of snapshot(a)) writeFileSync(join(b, rel), bytes);
    gitInit(b);

    const p = runCli(['migrate', '.', '--patch', 'out.patch', '--quiet'], { cwd: a });
    expect(p.code).toBe(0);
    expect(p.stdout).toBe('');
    const patch = readFileSync(join(a, 'out.patch'), 'utf8');
    expect(patch).toMatch(/\r\n/); // the CRLF fixture's lines travel in the patch
    writeFileSync(join(b, 'out.patch'), patch);
    git(b, ['apply', '--check', 'out.patch']);
    git(b, ['apply', 'out.patch']);

    const w = runCli(['migrate', '.', '--write'], { cwd: a });
    expect(w.code, w.stderr).toBe(0);
    const written = snapshot(a);
    const applied = snapshot(b);
    written.delete('out.patch');
    applied.delete('out.patch');
    expect(written).toEqual(applied);
    // BOM and CRLF survived the rewrite.
    expect(written.get('bom-no-final-newline.ts')!.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(written.get('bom-no-final-newline.ts')!.toString().endsWith('"not found")')).toBe(true);
    const crlf = written.get('crlf-line-endings.ts')!.toString();
    expect(crlf.split('\n').length - 1).toBe(crlf.split('\r\n').length - 1);
    expect(crlf).toContain('-32602');
  });

  it('stdout alone is a patch git accepts (mcp-migrate migrate > out.diff)', () => {
    const a = rncTree();
    const r = runCli(['migrate', '.'], { cwd: a });
    writeFileSync(join(a, 'stdout.diff'), r.stdout);
    git(a, ['apply', '--check', 'stdout.diff']);
  });

  it('--check exits 1 while changes are pending and 0 once migrated', () => {
    const a = rncTree();
    expect(runCli(['migrate', '.', '--check', '--quiet'], { cwd: a }).code).toBe(1);
    expect(runCli(['migrate', '.', '--write', '--quiet'], { cwd: a }).code).toBe(0);
    git(a, ['commit', '-qam', 'migrated']);
    const again = runCli(['migrate', '.', '--check'], { cwd: a });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('output is identical for --cpus 1 and --cpus 2', () => {
    const dir = tempCopy(EXAMPLE);
    dirs.push(dir);
    const one = runCli(['migrate', '.', '--cpus', '1', '--json'], { cwd: dir });
    const two = runCli(['migrate', '.', '--cpus', '2', '--json'], { cwd: dir });
    const strip = (s: string) => s.replace(/"seconds":[\d.]+/, '');
    expect(strip(two.stdout)).toBe(strip(one.stdout));
    for (const line of one.stdout.trim().split('\n')) expect(JSON.parse(line).schema).toBe(1);
  });
});

describe('write safety', () => {
  it('refuses to write files with uncommitted changes unless --allow-dirty', () => {
    const a = rncTree();
    const target = join(a, 'server-throws.ts');
    writeFileSync(target, readFileSync(target, 'utf8') + '\n// local edit\n');
    const before = readFileSync(target);
    const r = runCli(['migrate', '.', '--write'], { cwd: a });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/uncommitted changes.*server-throws\.ts/);
    expect(readFileSync(target)).toEqual(before);
    expect(runCli(['migrate', '.', '--write', '--allow-dirty'], { cwd: a }).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('-32602');
  });

  it('refuses to write outside git unless --allow-no-vcs, and keeps the file mode', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'a.ts');
    writeFileSync(file, "import { McpError } from '@modelcontextprotocol/sdk/types.js';\nthrow new McpError(-32002, 'x');\n");
    chmodSync(file, 0o640);
    const r = runCli(['migrate', '.', '--write'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/outside a git work tree/);
    expect(readFileSync(file, 'utf8')).toContain('-32002');
    expect(runCli(['migrate', '.', '--write', '--allow-no-vcs'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('-32602');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.ts']); // no temp file left behind
  });
});

describe('bad input', () => {
  function badTree() {
    const dir = tempDir();
    dirs.push(dir);
    const good = "import { McpError } from '@modelcontextprotocol/sdk/types.js';\nexport const e = new McpError(-32002, 'x');\n";
    writeFileSync(join(dir, 'good.ts'), good);
    writeFileSync(join(dir, 'syntax.ts'), "import '@modelcontextprotocol/sdk'; const x = -32002 +;\n");
    // Each bad file holds a trigger (an MCP import and the code), so it needed reading.
    writeFileSync(join(dir, 'binary.js'), Buffer.from([0x4d, 0x5a, 0x00, 0x01, ...Buffer.from('@modelcontextprotocol/ 32002')]));
    writeFileSync(join(dir, 'latin1.ts'), Buffer.from("import '@modelcontextprotocol/sdk'; // caf\xe9 -32002\n", 'latin1'));
    writeFileSync(join(dir, 'oldmac.ts'), good.replace(/\n/g, '\r'));
    const outside = tempDir();
    dirs.push(outside);
    writeFileSync(join(outside, 'secret.ts'), good);
    symlinkSync(join(outside, 'secret.ts'), join(dir, 'link-out.ts'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'big.ts'), `// @modelcontextprotocol/ -32002 ${'x'.repeat(3000)}\n`);
    // Large or binary files that hold no trigger token cannot need a migration: a note, not an error.
    writeFileSync(join(dir, 'sub', 'vendor-bundle.js'), `// ${'y'.repeat(3000)}\n`);
    writeFileSync(join(dir, 'logo.png.js'), Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]));
    return dir;
  }

  it('each bad file gets one line naming it, the rest still migrates, exit 2', () => {
    const dir = badTree();
    const r = runCli(['migrate', '.', 'missing-dir', '--max-file-size', '2k', '--write', '--allow-no-vcs'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('mcp-migrate: '));
    const about = (name: string) => lines.filter((l) => l.includes(name));
    expect(about('syntax.ts')[0]).toMatch(/cannot parse \(1:/);
    expect(about('binary.js')[0]).toMatch(/binary/);
    expect(about('latin1.ts')[0]).toMatch(/UTF-8/);
    expect(about('oldmac.ts')[0]).toMatch(/bare CR line endings/);
    expect(about('link-out.ts')[0]).toMatch(/out of the tree/);
    expect(about('big.ts')[0]).toMatch(/too large/);
    expect(about('missing-dir')[0]).toMatch(/no such file/);
    for (const name of ['syntax.ts', 'binary.js', 'latin1.ts', 'oldmac.ts', 'link-out.ts', 'big.ts']) expect(about(name)).toHaveLength(1);
    for (const name of ['vendor-bundle.js', 'logo.png.js']) {
      expect(about(name), name).toHaveLength(0);
      expect(r.stderr.split('\n').filter((l) => l.startsWith(`skipped ${name.includes('/') ? name : ''}`) && l.includes(name) && l.includes('holds no trigger token'))).toHaveLength(1);
    }
    expect(readFileSync(join(dir, 'good.ts'), 'utf8')).toContain('-32602');
    expect(readFileSync(join(dir, 'syntax.ts'), 'utf8')).toContain('-32002 +;');
    expect(readFileSync(join(dirs[1], 'secret.ts'), 'utf8')).toContain('-32002');
  });

  it('an unreadable file is reported and skipped', () => {
    const dir = tempDir();
    dirs.push(dir);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'locked.ts'), "import '@modelcontextprotocol/sdk'; export const c = -32002;\n");
    chmodSync(join(dir, 'locked.ts'), 0o000);
    const r = runCli(['migrate', '.', '--cpus', '1'], { cwd: dir, ...asNobody() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/locked\.ts: cannot read \(EACCES\)/);
  });

  it('usage errors are one line and exit 2', () => {
    const dir = tempDir();
    dirs.push(dir);
    for (const args of [['migrate', '--shard', '3/2'], ['migrate', '--transforms', 'nope'], ['migrate', '--cpus', '0'], ['migrate', '--dry-run', '--write'], ['frobnicate']]) {
      const r = runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n').length, r.stderr).toBeLessThanOrEqual(2);
    }
  });
});
