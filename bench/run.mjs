#!/usr/bin/env node
/**
 * `npm run bench`: mcp-migrate against plain jscodeshift and the byte-scan floor, on the
 * same tree in the same run. See README "Benchmark".
 *
 *   node bench/run.mjs [--files 20000] [--seed 1] [--workspaces W] [--mcp-rate 0.01] [--reps 3]
 *                      [--tree DIR ...] [--real] [--skip-jscodeshift] [--jscodeshift-sample N]
 *                      [--scaling 1000,10000,100000] [--scaling-reps R] [--smoke]
 *                      [--cpus N] [--out bench/results.json] [--no-git]
 *
 * Every command is spawned directly with this Node (never through npx). Wall time is
 * the median of --reps runs (min–max shown); peak RSS is the largest of the runs, taken
 * from /usr/bin/time (%M) when present, else by polling /proc/<pid>/status VmHWM, and in
 * both cases also the polled sum of VmRSS over the process tree (jscodeshift forks).
 *
 * --real benches the pinned packages of bench/real-tree (installed with npm ci from its
 * committed lockfile into bench/.work/real-packages, once) as a --tree. The synthetic tree
 * is benched only when no tree is given, or when --files is.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus as osCpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NpmUnreachable, generateSynthetic, installPinnedPackages, prepareRealTree } from './gen.mjs';

const REPO = resolve(import.meta.dirname, '..');
const CLI = join(REPO, 'dist', 'bin', 'mcp-migrate.js');
const JSCS = join(REPO, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const WORK = join(REPO, 'bench', '.work');
const NODE = process.execPath;
const EXTENSIONS = 'ts,tsx,mts,cts,js,jsx,mjs,cjs';

const { values: argv } = parseArgs({
  options: {
    files: { type: 'string' },
    seed: { type: 'string', default: '1' },
    workspaces: { type: 'string' },
    'mcp-rate': { type: 'string' },
    reps: { type: 'string' },
    tree: { type: 'string', multiple: true },
    real: { type: 'boolean', default: false },
    'skip-jscodeshift': { type: 'boolean', default: false },
    'jscodeshift-sample': { type: 'string' },
    'jscodeshift-reps': { type: 'string', default: '1' },
    scaling: { type: 'string' },
    'scaling-reps': { type: 'string' },
    smoke: { type: 'boolean', default: false },
    cpus: { type: 'string' },
    out: { type: 'string', default: join(REPO, 'bench', 'results.json') },
    'work-dir': { type: 'string', default: WORK },
    git: { type: 'boolean', default: true },
    'no-git': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (argv.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*?/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}

const int = (v, name) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`bench: --${name} takes a whole number, got "${v}"\n`);
    process.exit(2);
  }
  return n;
};

const smoke = argv.smoke;
const files = int(argv.files ?? (smoke ? '1000' : '20000'), 'files');
const reps = Math.max(1, int(argv.reps ?? (smoke ? '1' : '3'), 'reps'));
const seed = int(argv.seed, 'seed');
const git = argv.git && !argv['no-git'];
const workDir = resolve(argv['work-dir']);
const log = (s) => {
  if (!argv.quiet) process.stderr.write(`${s}\n`);
};

if (!existsSync(CLI)) {
  process.stderr.write(`bench: ${CLI} is missing; run \`npm run build\` first (npm run bench does)\n`);
  process.exit(2);
}

// ---------------------------------------------------------------- measuring one command

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function statusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of VmRSS over pid and its descendants (scan of /proc/<n>/stat for parent ids). */
function treeRssKb(root) {
  const kids = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(e));
    } catch {
      /* gone */
    }
  }
  let sum = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    sum += statusKb(p, 'VmRSS');
    stack.push(...(kids.get(p) ?? []));
  }
  return sum;
}

let runCounter = 0;
/**
 * Runs `node args...` in cwd; returns wall seconds, peak RSS (MB), exit code, stdout/stderr text.
 * stdout goes to a file (or /dev/null), never through a pipe the bench would have to drain.
 */
function measure(args, { cwd, stdin, keepStdout = true }) {
  return new Promise((resolvePromise) => {
    mkdirSync(join(workDir, 'logs'), { recursive: true });
    const id = ++runCounter;
    const outFile = join(workDir, 'logs', `run-${id}.out`);
    const errFile = join(workDir, 'logs', `run-${id}.err`);
    const timeFile = join(workDir, 'logs', `run-${id}.time`);
    const outFd = keepStdout ? openSync(outFile, 'w') : openSync('/dev/null', 'w');
    const errFd = openSync(errFile, 'w');
    let inFd = 'ignore';
    if (stdin !== undefined) {
      writeFileSync(join(workDir, 'logs', `run-${id}.in`), stdin);
      inFd = openSync(join(workDir, 'logs', `run-${id}.in`), 'r');
    }
    const [cmd, cmdArgs] = TIME ? [TIME, ['-f', '%M', '-o', timeFile, ...args]] : [args[0], args.slice(1)];
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { cwd, stdio: [inFd, outFd, errFd], env: { ...process.env, NO_COLOR: '1', CI: 'true', FORCE_COLOR: '0' } });
    let hwm = 0;
    let tree = 0;
    const poll = () => {
      // Under /usr/bin/time the measured process is its child; the tree sum covers both.
      tree = Math.max(tree, treeRssKb(child.pid));
      if (!TIME) hwm = Math.max(hwm, statusKb(child.pid, 'VmHWM'));
    };
    const timer = setInterval(poll, 100);
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      for (const fd of [outFd, errFd, inFd]) if (typeof fd === 'number') closeSync(fd);
      let timeKb = 0;
      if (TIME) {
        const t = readFileSync(timeFile, 'utf8').trim().split('\n');
        timeKb = Number(t[t.length - 1]) || 0;
        const m = /exit status (\d+)/.exec(t.join('\n'));
        if (m) code = Number(m[1]);
      }
      const stdout = keepStdout ? readFileSync(outFile, 'utf8') : '';
      const stderr = readFileSync(errFile, 'utf8');
      resolvePromise({ wall, rssMb: Math.max(timeKb, hwm, tree) / 1024, code, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------- the tools

function listTransforms() {
  const r = spawnSync(NODE, [CLI, 'list', '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mcp-migrate list failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

const TRANSFORMS = listTransforms();
// The floor scans for every token a trigger names (a superset of what the prefilter needs).
const TOKENS = [...new Set(TRANSFORMS.flatMap((t) => t.triggers.flat()))];
const RG = (() => {
  const r = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? { path: 'rg', version: r.stdout.split('\n')[0] } : undefined;
})();
const cpuArgs = argv.cpus ? ['--cpus', argv.cpus] : [];

const summaryRe = /(\d+) files considered, (\d+) parsed, (\d+) to change, (\d+) with errors/;

const tools = {
  migrate: {
    label: 'mcp-migrate migrate (preview)',
    args: () => [NODE, CLI, 'migrate', '.', ...cpuArgs],
    keepStdout: false,
    check: (r) => {
      const m = summaryRe.exec(r.stderr);
      if (!m || r.code === null || r.code > 2) throw new Error(`migrate failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
      return { discovered: +m[1], parsed: +m[2], changed: +m[3], errors: +m[4], exit: r.code };
    },
  },
  audit: {
    label: 'mcp-migrate audit',
    args: () => [NODE, CLI, 'audit', '.', '--format', 'json', ...cpuArgs],
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

async function runTool(key, dir, n) {
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
function listSources(dir) {
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

function jscsArgs(id, viaStdin) {
  return [NODE, JSCS, '--dry', `--extensions=${EXTENSIONS}`, '-t', join(REPO, 'transforms', `${id}.ts`), ...(viaStdin ? ['--stdin'] : ['.'])];
}

function jscsCounts(r) {
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
async function runJscodeshift(dir, all, sample, n) {
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

function summarize(runs, tree) {
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

function round(x, d) {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

function fmtTime(s) {
  return s >= 100 ? `${s.toFixed(0)}s` : s >= 10 ? `${s.toFixed(1)}s` : `${s.toFixed(2)}s`;
}

function table(rows, headers) {
  const cells = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------- main

async function benchTree(dir, manifest, label) {
  // Warm the page cache once (untimed) so the first tool measured is not penalised.
  const warm = await measure(tools.floorNode.args(dir), { cwd: dir });
  const tree = { ...JSON.parse(warm.stdout), label, dir };
  log(`\n${label}: ${tree.files} files, ${(tree.bytes / 1e6).toFixed(1)} MB, ${tree.matched} contain a trigger token`);

  const keys = ['migrate', 'audit', ...(RG ? ['floorRg'] : []), 'floorNode'];
  const runs = Object.fromEntries(keys.map((k) => [k, []]));
  // Interleave repetitions so machine noise spreads over every tool alike.
  for (let i = 0; i < reps; i++) {
    for (const k of keys) {
      const [r] = await runTool(k, dir, 1);
      runs[k].push(r);
      log(`  rep ${i + 1}/${reps} ${tools[k].label}: ${fmtTime(r.wall)}, ${Math.round(r.rssMb)} MB`);
    }
  }
  const results = Object.fromEntries(keys.map((k) => [k, { label: tools[k].label, ...summarize(runs[k], tree) }]));

  let jscs;
  const skip = argv['skip-jscodeshift'];
  if (!skip) {
    let sample = argv['jscodeshift-sample'] !== undefined ? int(argv['jscodeshift-sample'], 'jscodeshift-sample') : undefined;
    if (sample === undefined) sample = smoke ? 20 : tree.files > 3000 ? 1000 : 0;
    if (sample >= tree.files) sample = 0;
    const all = listSources(dir);
    log(`  jscodeshift --dry, ${TRANSFORMS.length} transforms in sequence${sample ? `, extrapolated from a ${sample}-file sample` : ', full tree'} ...`);
    const jruns = await runJscodeshift(dir, all, sample, Math.max(1, int(argv['jscodeshift-reps'], 'jscodeshift-reps')));
    jscs = { label: `jscodeshift --dry (${TRANSFORMS.length} transforms)`, ...summarize(jruns, tree), sample: sample || undefined, extrapolated: !!sample };
    results.jscodeshift = jscs;
  }

  const floor = results.floorRg ?? results.floorNode;
  const ratios = {
    jscodeshiftOverMigrate: jscs ? round(jscs.wallMedian / results.migrate.wallMedian, 1) : undefined,
    jscodeshiftOverAudit: jscs ? round(jscs.wallMedian / results.audit.wallMedian, 1) : undefined,
    migrateOverFloor: round(results.migrate.wallMedian / floor.wallMedian, 1),
    auditOverFloor: round(results.audit.wallMedian / floor.wallMedian, 1),
    // The floor a Node process can reach at all (reads every file, parses nothing), and how
    // far ripgrep is below it: a ratio to ripgrep is bounded below by this one.
    migrateOverNodeFloor: round(results.migrate.wallMedian / results.floorNode.wallMedian, 1),
    nodeFloorOverRipgrep: results.floorRg ? round(results.floorNode.wallMedian / results.floorRg.wallMedian, 1) : undefined,
    floor: floor.label,
  };
  if (results.migrate.info.discovered !== tree.files) log(`  warning: mcp-migrate considered ${results.migrate.info.discovered} files, the tree has ${tree.files}`);

  const order = ['migrate', 'audit', 'jscodeshift', 'floorRg', 'floorNode'].filter((k) => results[k]);
  const rows = order.map((k) => {
    const r = results[k];
    const note = k === 'jscodeshift' ? (r.extrapolated ? ` [extrapolated from ${r.sample} files]` : '') : '';
    return [r.label + note, fmtTime(r.wallMedian), r.runs > 1 ? `${fmtTime(r.wallMin)}–${fmtTime(r.wallMax)}` : '(1 run)', r.filesPerSecond, r.mbPerSecond, r.peakRssMb];
  });
  process.stdout.write(`\n## ${label}: ${tree.files} files, ${(tree.bytes / 1e6).toFixed(1)} MB (${reps} rep${reps > 1 ? 's' : ''}; ${availableParallelism()} cores)\n\n`);
  process.stdout.write(table(rows, ['tool', 'wall (median)', 'min–max', 'files/s', 'MB/s', 'peak RSS MB']) + '\n\n');
  if (jscs) {
    process.stdout.write(`jscodeshift / mcp-migrate migrate: ${ratios.jscodeshiftOverMigrate}×   (audit: ${ratios.jscodeshiftOverAudit}×)${jscs.extrapolated ? `   — jscodeshift time EXTRAPOLATED from a ${jscs.sample}-file sample; its peak RSS is the sample's (a lower bound)` : ''}\n`);
  } else {
    process.stdout.write('jscodeshift: skipped (--skip-jscodeshift)\n');
  }
  process.stdout.write(`mcp-migrate migrate / floor: ${ratios.migrateOverFloor}×   (audit: ${ratios.auditOverFloor}×; floor = ${ratios.floor})\n`);
  process.stdout.write(`mcp-migrate migrate / Node read-loop floor: ${ratios.migrateOverNodeFloor}×${ratios.nodeFloorOverRipgrep ? `   (the Node read loop itself: ${ratios.nodeFloorOverRipgrep}× ripgrep)` : ''}\n`);
  const m = results.migrate.info;
  process.stdout.write(`mcp-migrate: ${m.discovered} files considered, ${m.parsed} parsed, ${m.changed} to change, ${m.errors} with errors\n`);
  return { tree: { ...tree, manifest }, results, ratios };
}

async function scaling(sizes) {
  const sreps = Math.max(1, int(argv['scaling-reps'] ?? String(Math.min(reps, 3)), 'scaling-reps'));
  const rows = [];
  const out = [];
  for (const n of sizes) {
    const { dir, manifest } = generateSynthetic({ files: n, seed, workDir, git, log });
    await measure(tools.floorNode.args(dir), { cwd: dir }); // warm the page cache
    const m = await runTool('migrate', dir, sreps);
    const a = await runTool('audit', dir, sreps);
    const f = RG ? await runTool('floorRg', dir, sreps) : await runTool('floorNode', dir, sreps);
    const tree = { files: n, bytes: manifest.bytes };
    const s = { files: n, mb: round(manifest.bytes / 1e6, 1), migrate: summarize(m, tree), audit: summarize(a, tree), floor: summarize(f, tree) };
    out.push(s);
    log(`  scaling ${n}: migrate ${fmtTime(s.migrate.wallMedian)} ${s.migrate.peakRssMb} MB, audit ${fmtTime(s.audit.wallMedian)} ${s.audit.peakRssMb} MB`);
  }
  const base = out[0];
  for (const s of out) {
    const rng = (x) => (x.runs > 1 ? ` (${fmtTime(x.wallMin)}–${fmtTime(x.wallMax)})` : '');
    rows.push([
      s.files,
      s.mb,
      fmtTime(s.migrate.wallMedian) + rng(s.migrate),
      round(s.migrate.wallMedian / base.migrate.wallMedian / (s.files / base.files), 2),
      s.migrate.peakRssMb,
      fmtTime(s.audit.wallMedian) + rng(s.audit),
      s.audit.peakRssMb,
      fmtTime(s.floor.wallMedian),
      round(s.migrate.wallMedian / s.floor.wallMedian, 1),
    ]);
  }
  process.stdout.write(`\n## Scaling (synthetic, seed ${seed}; ${sreps} rep${sreps > 1 ? 's' : ''} each; time per file relative to the smallest tree)\n\n`);
  process.stdout.write(table(rows, ['files', 'MB', 'migrate wall', 'per-file ×', 'migrate RSS MB', 'audit wall', 'audit RSS MB', 'floor', 'migrate/floor']) + '\n');
  return out;
}

const machine = {
  cores: availableParallelism(),
  cpu: osCpus()[0]?.model,
  memGb: round(totalmem() / 2 ** 30, 1),
  node: process.version,
  ripgrep: RG?.version ?? null,
  rss: TIME ? '/usr/bin/time %M and polled process-tree VmRSS sum (larger wins)' : 'polled VmHWM and process-tree VmRSS sum (larger wins)',
};
const results = { date: new Date().toISOString(), machine, transforms: TRANSFORMS.map((t) => t.id), tokens: TOKENS, reps, trees: [], scaling: undefined, notes: [] };
if (!RG) results.notes.push('ripgrep not installed: the floor is the Node read loop');
log(`bench: ${machine.cores} cores, ${machine.cpu}, node ${machine.node}, ${RG ? RG.version : 'no ripgrep (Node floor)'}; transforms: ${results.transforms.join(', ')}`);

/**
 * --real: the pinned packages' node_modules, copied exactly as `--tree` copies it. The copy
 * is stamped with the lockfile hash so a changed lockfile means a new copy, not a stale one.
 */
function pinnedTree() {
  let pkgs;
  try {
    pkgs = installPinnedPackages({ workDir, log });
  } catch (e) {
    if (!(e instanceof NpmUnreachable)) throw e;
    process.stderr.write(`bench: ${e.message}\n`);
    process.exit(2);
  }
  const { dir, manifest } = prepareRealTree({ trees: [pkgs.dir], workDir, git, log, stamp: `bench/real-tree/package-lock.json sha256 ${pkgs.lockHash}` });
  return { dir, manifest: { ...manifest, pinnedPackages: pkgs.pinned }, label: `real tree: ${pkgs.pinned} pinned npm packages + deps (bench/real-tree)` };
}

const trees = [];
// First, so an unreachable registry stops the bench before any other tree is prepared.
if (argv.real) trees.push(pinnedTree());
if (argv.tree?.length) {
  trees.push({ ...prepareRealTree({ trees: argv.tree, workDir, git, log }), label: `real tree (${argv.tree.join(', ')})` });
}
if ((!argv.tree?.length && !argv.real) || argv.files !== undefined) {
  const w = argv.workspaces ? int(argv.workspaces, 'workspaces') : undefined;
  const rate = argv['mcp-rate'] !== undefined ? Number(argv['mcp-rate']) : undefined;
  if (rate !== undefined && !(rate >= 0 && rate <= 0.2)) {
    process.stderr.write(`bench: --mcp-rate takes a share per pattern between 0 and 0.2, got "${argv['mcp-rate']}"\n`);
    process.exit(2);
  }
  const rateLabel = rate === undefined ? '' : `, ${rate * 100}% of files per MCP pattern`;
  trees.push({ ...generateSynthetic({ files, seed, workspaces: w, workDir, git, log, mcpRate: rate }), label: `synthetic monorepo (seed ${seed}${rateLabel})` });
}
for (const t of trees) results.trees.push(await benchTree(t.dir, t.manifest, t.label));
if (argv.scaling) {
  const sizes = argv.scaling.split(',').map((s) => int(s.trim().replace(/k$/i, '000'), 'scaling'));
  results.scaling = await scaling(sizes);
}
if (argv['skip-jscodeshift']) results.notes.push('jscodeshift skipped (--skip-jscodeshift)');
for (const t of results.trees) if (t.results.jscodeshift?.extrapolated) results.notes.push(`${t.tree.label}: jscodeshift time extrapolated from a ${t.results.jscodeshift.sample}-file sample`);

writeFileSync(resolve(argv.out), JSON.stringify(results, null, 2) + '\n');
rmSync(join(workDir, 'logs'), { recursive: true, force: true });
process.stdout.write(`\nresults: ${resolve(argv.out)}\n`);
