/**
 * `npm run bench -- --trial DIR`: speed on the trial corpus, every tool on the same repos in
 * one run. DIR is the folder of fetched snapshots (owner+name/repo, as for `npm run trial`):
 * each runnable corpus row is exported at its pinned commit into the bench work directory
 * (once; reused while the commit is the same). DIR may instead hold one checked-out
 * repository per subdirectory.
 *
 * Per repo: `mcp-migrate migrate` (median of --reps), the ripgrep floor over the trigger
 * tokens (median of --reps), plain jscodeshift with the same four transform files (a sample
 * of --trial-sample files plus a one-file run for its fixed cost, extrapolated to the repo,
 * or the whole repo when it is smaller), and the official codemod (`mcp-codemod v1-to-v2
 * --dry-run`, once). Also the prefilter's precision: of the files the run parsed, how many
 * end with no finding and no change (from `audit --format json`).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measure } from './lib/measure.mjs';
import { NODE, REPO, RG, TRANSFORMS, cliArgs, fmtTime, listSources, round, runJscodeshift, runTool, table } from './lib/tools.mjs';
import { exportRepo, findGitDir } from './trial/lib/export.mjs';
import { CORPUS_COLUMNS, isReference, readTsv } from './trial/lib/tsv.mjs';

const OFFICIAL = join(REPO, 'node_modules', '@modelcontextprotocol', 'codemod', 'dist', 'cli.mjs');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN;
}

/** The repos to bench: [{ name, dir }], exported from the mirror when DIR is one. */
function trialRepos(dir, workDir, log) {
  const corpus = readTsv(join(REPO, 'bench', 'trial', 'corpus.tsv'), CORPUS_COLUMNS).filter((r) => !isReference(r));
  const mirrored = corpus.filter((r) => findGitDir(dir, r.repo));
  if (!mirrored.length) {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => ({ name: e.name, dir: join(dir, e.name) })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  if (mirrored.length < corpus.length) log(`  ${corpus.length - mirrored.length} corpus repos are not in ${dir}; benching ${mirrored.length}`);
  const repos = [];
  for (const row of mirrored) {
    const name = `${row.repo.replace('/', '+')}@${row.commit.slice(0, 12)}`;
    const dest = join(workDir, 'trial', name);
    if (!existsSync(join(dest, '.git'))) {
      const r = exportRepo({ mirror: dir, repo: row.repo, commit: row.commit, dest });
      if (!r.ok) {
        log(`  skipped ${row.repo}: ${r.why}`);
        continue;
      }
    }
    repos.push({ name, dir: dest });
  }
  return repos;
}

/** Files parsed, and of those the ones that end with neither a finding, a change nor an error. */
async function precision(dir) {
  const m = await measure(cliArgs('migrate', '--json'), { cwd: dir, keepStdout: true });
  const lines = m.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const summary = lines.find((l) => l.type === 'summary') ?? {};
  const acted = new Set(lines.filter((l) => ['finding', 'change', 'error'].includes(l.type)).map((l) => l.file ?? l.path));
  const source = [...acted].filter((f) => f && /\.[cm]?[jt]sx?$/.test(f));
  return { parsed: summary.parsed ?? 0, acted: Math.min(source.length, summary.parsed ?? 0) };
}

export async function benchTrial({ dir, workDir, reps, sample, skipJscodeshift, skipOfficial, limit, reuse, log }) {
  // --reuse FILE: jscodeshift's and the official codemod's times per repo from an earlier run
  // of the same transform files (they take most of a run); ours and the floor are measured now.
  const earlier = reuse ? new Map(JSON.parse(readFileSync(reuse, 'utf8')).trial.rows.map((r) => [r.repo, r])) : undefined;
  if (!existsSync(dir)) throw new Error(`--trial ${dir}: not found`);
  let repos = trialRepos(resolve(dir), workDir, log);
  if (limit) repos = repos.slice(0, limit);
  log(`\ntrial corpus: ${repos.length} repos from ${dir}`);
  const rows = [];
  for (const [i, repo] of repos.entries()) {
    const files = listSources(repo.dir);
    await runTool('floorNode', repo.dir, 1); // warm the page cache
    const ours = [];
    const floor = [];
    for (let k = 0; k < reps; k++) {
      ours.push(...(await runTool('migrate', repo.dir, 1)));
      if (RG) floor.push(...(await runTool('floorRg', repo.dir, 1)));
    }
    const row = {
      repo: repo.name,
      files: files.length,
      parsedByUs: ours[0].info.parsed,
      ours: median(ours.map((r) => r.wall)),
      oursRssMb: Math.max(...ours.map((r) => r.rssMb)),
      floor: RG ? median(floor.map((r) => r.wall)) : undefined,
    };
    const p = await precision(repo.dir);
    row.parsedNoFinding = p.parsed - p.acted;
    const before = earlier?.get(repo.name);
    if (before) {
      for (const k of ['jscodeshift', 'jscodeshiftRssMb', 'jscodeshiftExtrapolated', 'official', 'officialRssMb', 'officialExit']) row[k] = before[k];
      row.reused = true;
    } else if (!skipJscodeshift && files.length) {
      const n = files.length > sample ? sample : 0;
      const [j] = await runJscodeshift(repo.dir, files, n, 1);
      row.jscodeshift = j.wall;
      row.jscodeshiftRssMb = j.rssMb;
      row.jscodeshiftExtrapolated = n > 0;
    }
    if (!skipOfficial && !before) {
      const o = await measure([NODE, OFFICIAL, 'v1-to-v2', '--dry-run', '.'], { cwd: repo.dir, keepStdout: false });
      row.official = o.wall;
      row.officialRssMb = o.rssMb;
      row.officialExit = o.code;
    }
    rows.push(row);
    log(`  [${i + 1}/${repos.length}] ${repo.name}: ${files.length} files, ours ${fmtTime(row.ours)} (${row.parsedByUs} parsed, ${row.parsedNoFinding} without a finding)` +
      `${row.floor !== undefined ? `, rg ${fmtTime(row.floor)}` : ''}${row.jscodeshift !== undefined ? `, jscodeshift ${fmtTime(row.jscodeshift)}` : ''}${row.official !== undefined ? `, official ${fmtTime(row.official)}` : ''}`);
  }

  const ratio = (a, b) => (a !== undefined && b ? a / b : undefined);
  for (const r of rows) {
    r.jscodeshiftOverOurs = ratio(r.jscodeshift, r.ours);
    r.oursOverFloor = ratio(r.ours, r.floor);
    r.officialOverOurs = ratio(r.official, r.ours);
  }
  const med = (key) => {
    const xs = rows.map((r) => r[key]).filter((x) => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const parsed = rows.reduce((s, r) => s + r.parsedByUs, 0);
  const parsedNoFinding = rows.reduce((s, r) => s + r.parsedNoFinding, 0);
  const summary = {
    repos: rows.length,
    oursMedian: med('ours'),
    oursMax: Math.max(...rows.map((r) => r.ours)),
    floorMedian: med('floor'),
    jscodeshiftMedian: med('jscodeshift'),
    officialMedian: med('official'),
    medianJscodeshiftOverOurs: med('jscodeshiftOverOurs'),
    medianOursOverFloor: med('oursOverFloor'),
    medianOfficialOverOurs: med('officialOverOurs'),
    peakRssMb: Math.round(Math.max(...rows.map((r) => r.oursRssMb))),
    officialPeakRssMb: rows.some((r) => r.officialRssMb) ? Math.round(Math.max(...rows.map((r) => r.officialRssMb ?? 0))) : undefined,
    parsed,
    parsedNoFinding,
    parsedNoFindingShare: parsed ? round(parsedNoFinding / parsed, 3) : 0,
    transforms: TRANSFORMS.map((t) => t.id),
    jscodeshiftSample: sample,
    reusedFrom: reuse,
  };

  const x = (v) => (v === undefined ? '—' : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}×`);
  const t = (v) => (v === undefined ? '—' : fmtTime(v));
  process.stdout.write(`\n## Trial corpus: ${rows.length} repos (ours and rg: median of ${reps}; jscodeshift: sample of ${sample} files per repo, extrapolated; official codemod: 1 run)\n\n`);
  process.stdout.write(table(rows.map((r) => [r.repo, r.files, r.parsedByUs, r.parsedNoFinding, t(r.ours), t(r.floor), t(r.jscodeshift) + (r.jscodeshiftExtrapolated ? '*' : ''), t(r.official), x(r.jscodeshiftOverOurs), x(r.oursOverFloor), x(r.officialOverOurs), Math.round(r.oursRssMb)]),
    ['repo', 'files', 'parsed', 'no finding', 'ours', 'rg floor', 'jscodeshift', 'official', 'jscs/ours', 'ours/rg', 'official/ours', 'RSS MB']) + '\n\n');
  if (reuse) process.stdout.write(`jscodeshift and official codemod times reused from ${reuse} (same transform files); ours and the floor measured in this run\n`);
  process.stdout.write(`median repo: ours ${t(summary.oursMedian)} (max ${t(summary.oursMax)}), rg floor ${t(summary.floorMedian)}, jscodeshift ${t(summary.jscodeshiftMedian)}, official ${t(summary.officialMedian)}\n`);
  process.stdout.write(`median per-repo ratio: jscodeshift / ours ${x(summary.medianJscodeshiftOverOurs)}, ours / rg floor ${x(summary.medianOursOverFloor)}, official / ours ${x(summary.medianOfficialOverOurs)}\n`);
  process.stdout.write(`peak RSS: ours ${summary.peakRssMb} MB${summary.officialPeakRssMb ? `, official ${summary.officialPeakRssMb} MB` : ''}\n`);
  process.stdout.write(`prefilter precision: ${parsedNoFinding} of ${parsed} parsed files end with no finding (${(summary.parsedNoFindingShare * 100).toFixed(1)}%)\n`);
  return { summary, rows };
}

export function writeTrialResults(out, result) {
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
}
