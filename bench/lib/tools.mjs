/**
 * The tools every bench compares, on one tree: mcp-migrate (migrate, audit), ripgrep and a
 * Node read loop over the trigger tokens (the floors), and plain jscodeshift with the same
 * transform files (full, or extrapolated from a sample). Statistics and table printing too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './measure.mjs';

export const REPO = join(import.meta.dirname, '..', '..');
// MCP_MIGRATE_BENCH_CLI: bench another build (a baseline copy of dist/) in the same harness.
export const CLI = process.env.MCP_MIGRATE_BENCH_CLI ?? join(REPO, 'dist', 'bin', 'mcp-migrate.js');
export const JSCS = join(REPO, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
export const NODE = process.execPath;
export const EXTENSIONS = 'ts,tsx,mts,cts,js,jsx,mjs,cjs';

if (!existsSync(CLI)) {
  process.stderr.write(`bench: ${CLI} is missing; run \`npm run build\` first (npm run bench does)\n`);
  process.exit(2);
}

/** A whole number from a flag, or exit 2 with a one-line message. */
export const int = (v, name) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`bench: --${name} takes a whole number, got "${v}"\n`);
    process.exit(2);
  }
  return n;
};

export function listTransforms() {
  const r = spawnSync(NODE, [CLI, 'list', '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mcp-migrate list failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

export const TRANSFORMS = listTransforms();
// The floor scans for every token a trigger names (a superset of what the prefilter needs);
// a NUL-led token is a fact about the file's package, not bytes in it.
export const TOKENS = [...new Set(TRANSFORMS.flatMap((t) => t.triggers.flat()))].filter((tok) => !tok.startsWith('\u0000'));
export const RG = (() => {
  const r = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? { path: 'rg', version: r.stdout.split('\n')[0] } : undefined;
})();
let cpuArgs = [];
let log = () => {};
/** `node mcp-migrate.js <command> . [--cpus N] [extra...]`, run in the tree. */
export function cliArgs(command, ...extra) {
  return [NODE, CLI, command, '.', ...cpuArgs, ...extra];
}

/** --cpus for every mcp-migrate run, and where progress lines go. */
export function configureTools(options) {
  cpuArgs = options.cpus ? ['--cpus', options.cpus] : [];
  if (options.log) log = options.log;
}

export const summaryRe = /(\d+) files considered, (\d+) parsed, (\d+) to change, (\d+) with errors/;

export const tools = {
  migrate: {
    label: 'mcp-migrate migrate (preview)',
    args: () => cliArgs('migrate'),
    keepStdout: false,
    check: (r) => {
      const m = summaryRe.exec(r.stderr);
      if (!m || r.code === null || r.code > 2) throw new Error(`migrate failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
      return { discovered: +m[1], parsed: +m[2], changed: +m[3], errors: +m[4], exit: r.code };
    },
  },
  audit: {
    label: 'mcp-migrate audit',
    args: () => cliArgs('audit', '--format', 'json'),
    keepStdout: true,
    check: (r) => {
      // One JSON document ({ summary: { files, findings } }), or NDJSON ending in a summary line.
      let doc;
      try {
        doc = JSON.parse(r.stdout);
      } catch {
        try {
          const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
          doc = { summary: { ...lines.pop(), findings: lines.filter((l) => l.type === 'finding').length } };
        } catch {
          throw new Error(`audit failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
        }
      }
      const s = doc.summary ?? {};
      return { files: s.files, findings: typeof s.findings === 'number' ? s.findings : doc.findings?.length, exit: r.code };
    },
  },
  floorRg: {
    label: `byte-scan floor: ripgrep (${TOKENS.length} tokens)`,
    args: () => [RG.path, '--files-with-matches', '--fixed-strings', '--no-messages', '-g', `*.{${EXTENSIONS}}`, '-g', '!*.d.{ts,mts,cts}', ...TOKENS.flatMap((t) => ['-e', t]), '.'],
    keepStdout: true,
    check: (r) => {
      if (r.code !== 0 && r.code !== 1) throw new Error(`rg failed (exit ${r.code}): ${r.stderr}`);
      return { matched: r.stdout.split('\n').filter(Boolean).length };
    },
  },
  floorNode: {
    label: 'byte-scan floor: Node read loop',
    args: (dir) => [NODE, join(REPO, 'bench', 'floor.mjs'), dir, ...TOKENS],
    keepStdout: true,
    check: (r) => {
      if (r.code !== 0) throw new Error(`floor.mjs failed: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
  },
};

export async function runTool(key, dir, n) {
  const t = tools[key];
  const runs = [];
  for (let i = 0; i < n; i++) {
    const r = await measure(t.args(dir), { cwd: dir, keepStdout: t.keepStdout });
    runs.push({ wall: r.wall, rssMb: r.rssMb, info: t.check(r) });
  }
  return runs;
}

// ---------------------------------------------------------------- jscodeshift

/** The same file set every tool sees, sorted; used for sampling. */
export function listSources(dir) {
  const out = [];
  const EXT = new Set(EXTENSIONS.split(',').map((e) => `.${e}`));
  const stack = [dir];
  while (stack.length) {
    const cur = stack.pop();
    for (const e of readdirSync(cur, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const p = join(cur, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() && !/\.d\.[mc]?ts$/.test(e.name) && EXT.has(e.name.slice(e.name.lastIndexOf('.')).toLowerCase())) out.push(p);
    }
  }
  return out.sort();
}

export function jscsArgs(id, viaStdin) {
  return [NODE, JSCS, '--dry', `--extensions=${EXTENSIONS}`, '-t', join(REPO, 'transforms', `${id}.ts`), ...(viaStdin ? ['--stdin'] : ['.'])];
}

export function jscsCounts(r) {
  const num = (re) => Number(re.exec(r.stdout)?.[1] ?? NaN);
  const counts = { errors: num(/(\d+) errors/), unmodified: num(/(\d+) unmodified/), skipped: num(/(\d+) skipped/), ok: num(/(\d+) ok/) };
  if (Number.isNaN(counts.ok)) throw new Error(`jscodeshift failed (exit ${r.code}): ${r.stderr.slice(-2000)}${r.stdout.slice(-2000)}`);
  return counts;
}

/**
 * Plain jscodeshift, one invocation per transform (it applies one transform per run), in
 * sequence, as a user would script it. With a sample, each transform runs on an evenly
 * spaced sample of the files and on one file (its fixed startup cost), and the full-tree
 * time is extrapolated linearly: fixed + (sample - fixed) × total / sample size.
 */
export async function runJscodeshift(dir, all, sample, n) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    let wall = 0;
    let rssMb = 0;
    const per = {};
    for (const t of TRANSFORMS) {
      if (!sample) {
        const r = await measure(jscsArgs(t.id, false), { cwd: dir });
        per[t.id] = { wall: r.wall, ...jscsCounts(r) };
        wall += r.wall;
        rssMb = Math.max(rssMb, r.rssMb);
      } else {
        const step = all.length / sample;
        const picked = Array.from({ length: sample }, (_, k) => all[Math.floor(k * step)]);
        const one = await measure(jscsArgs(t.id, true), { cwd: dir, stdin: `${picked[0]}\n` });
        const r = await measure(jscsArgs(t.id, true), { cwd: dir, stdin: `${picked.join('\n')}\n` });
        // Under machine noise the one-file run can take longer than the sample: then scale
        // the sample linearly (an overestimate of the fixed cost's share, never negative).
        const extrapolated = r.wall > one.wall ? one.wall + ((r.wall - one.wall) * all.length) / sample : (r.wall * all.length) / sample;
        per[t.id] = { wall: extrapolated, sampleWall: r.wall, fixedWall: one.wall, ...jscsCounts(r) };
        wall += extrapolated;
        rssMb = Math.max(rssMb, r.rssMb);
      }
      log(`  jscodeshift ${t.id}: ${per[t.id].wall.toFixed(1)}s${sample ? ` (extrapolated; ${sample}-file sample took ${per[t.id].sampleWall.toFixed(1)}s)` : ''}`);
    }
    runs.push({ wall, rssMb, info: per });
  }
  return runs;
}

// ---------------------------------------------------------------- statistics and printing

export function summarize(runs, tree) {
  const walls = runs.map((r) => r.wall).sort((a, b) => a - b);
  const mid = walls.length >> 1;
  const median = walls.length % 2 ? walls[mid] : (walls[mid - 1] + walls[mid]) / 2;
  return {
    runs: runs.length,
    wallMedian: round(median, 3),
    wallMin: round(walls[0], 3),
    wallMax: round(walls[walls.length - 1], 3),
    filesPerSecond: Math.round(tree.files / median),
    mbPerSecond: round(tree.bytes / 1e6 / median, 1),
    peakRssMb: Math.round(Math.max(...runs.map((r) => r.rssMb))),
    info: runs[runs.length - 1].info,
  };
}

export function round(x, d) {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

export function fmtTime(s) {
  return s >= 100 ? `${s.toFixed(0)}s` : s >= 10 ? `${s.toFixed(1)}s` : `${s.toFixed(2)}s`;
}

export function table(rows, headers) {
  const cells = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

