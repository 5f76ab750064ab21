#!/usr/bin/env node
/**
 * `npm run bench`: mcp-migrate against plain jscodeshift and the byte-scan floor, on the
 * same tree in the same run. See README "Benchmark".
 *
 *   node bench/run.mjs [--files 20000] [--seed 1] [--workspaces W] [--mcp-rate 0.01] [--reps 3]
 *                      [--tree DIR ...] [--real] [--skip-jscodeshift] [--jscodeshift-sample N]
 *                      [--scaling 1000,10000,100000] [--scaling-reps R] [--smoke]
 *                      [--cpus N] [--out bench/results.json] [--no-git]
 *   node bench/run.mjs --trial DIR [--reps 3] [--trial-sample 40] [--trial-limit N]
 *                      [--skip-jscodeshift] [--skip-official] [--reuse EARLIER.json]
 *
 * Every command is spawned directly with this Node (never through npx). Wall time is
 * the median of --reps runs (min–max shown); peak RSS is the largest of the runs, taken
 * from /usr/bin/time (%M) when present, else by polling /proc/<pid>/status VmHWM, and in
 * both cases also the polled sum of VmRSS over the process tree (jscodeshift forks).
 *
 * --real benches the pinned packages of bench/real-tree (installed with npm ci from its
 * committed lockfile into bench/.work/real-packages, once) as a --tree. The synthetic tree
 * is benched only when no tree is given, or when --files is.
 *
 * --trial DIR benches the trial corpus instead (bench/trial-speed.mjs): DIR is the folder of
 * fetched snapshots; per repo ours vs plain jscodeshift vs the ripgrep floor vs the official
 * codemod, with medians and per-repo ratios, peak RSS and the prefilter's precision.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus as osCpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NpmUnreachable, generateSynthetic, installPinnedPackages, prepareRealTree } from './gen.mjs';
import { TIME, measure, setLogDir } from './lib/measure.mjs';
import { CLI, REPO, RG, TRANSFORMS, TOKENS, configureTools, fmtTime, int, listSources, round, runJscodeshift, runTool, summarize, table, tools } from './lib/tools.mjs';

const WORK = join(REPO, 'bench', '.work');

const { values: argv } = parseArgs({
  options: {
    files: { type: 'string' },
    seed: { type: 'string', default: '1' },
    workspaces: { type: 'string' },
    'mcp-rate': { type: 'string' },
    reps: { type: 'string' },
    tree: { type: 'string', multiple: true },
    trial: { type: 'string' },
    'trial-sample': { type: 'string', default: '40' },
    'trial-limit': { type: 'string' },
    'skip-official': { type: 'boolean', default: false },
    reuse: { type: 'string' },
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


const smoke = argv.smoke;
const files = int(argv.files ?? (smoke ? '1000' : '20000'), 'files');
const reps = Math.max(1, int(argv.reps ?? (smoke ? '1' : '3'), 'reps'));
const seed = int(argv.seed, 'seed');
const git = argv.git && !argv['no-git'];
const workDir = resolve(argv['work-dir']);
const log = (s) => {
  if (!argv.quiet) process.stderr.write(`${s}\n`);
};
setLogDir(workDir);
configureTools({ cpus: argv.cpus, log });


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

if (argv.trial) {
  const { benchTrial } = await import('./trial-speed.mjs');
  const trial = await benchTrial({
    dir: argv.trial,
    workDir,
    reps: Math.max(1, int(argv.reps ?? '3', 'reps')),
    sample: Math.max(1, int(argv['trial-sample'], 'trial-sample')),
    limit: argv['trial-limit'] ? int(argv['trial-limit'], 'trial-limit') : undefined,
    skipJscodeshift: argv['skip-jscodeshift'],
    skipOfficial: argv['skip-official'],
    reuse: argv.reuse,
    log,
  });
  writeFileSync(resolve(argv.out), JSON.stringify({ date: new Date().toISOString(), machine, trial }, null, 2) + '\n');
  rmSync(join(workDir, 'logs'), { recursive: true, force: true });
  process.stdout.write(`\nresults: ${resolve(argv.out)}\n`);
  process.exit(0);
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
