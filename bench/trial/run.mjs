#!/usr/bin/env node
/**
 * The trial bench: mcp-migrate on real repositories at pinned commits, scored against
 * labels written by reading the code. `npm run trial -- --mirror DIR [--sdk v2] [--only REPO]`.
 *
 * For each corpus repo: export the commit into a scratch git repo → audit + pins on the
 * pristine tree → `migrate --write` → read what changed from git (markers, parse, client
 * session deletions) → commit and run again (idempotency) → score the labels. Then the own
 * test suites before and after, and the SDK's v1.x examples against its own v2 targets.
 * Writes results.json and results.md; prints the scorecard.
 */
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { readTsv, CORPUS_COLUMNS, LABEL_COLUMNS, OWNTEST_COLUMNS, PAIR_COLUMNS, checkCorpus, isReference } from './lib/tsv.mjs';
import { readJudgedSamples } from './lib/judged.mjs';
import { exportRepo, commitAll, findGitDir } from './lib/export.mjs';
import { run, git } from './lib/sh.mjs';
import { inspectRepo } from './lib/inspect.mjs';
import { outcomeOf } from './lib/score.mjs';
import { prepareOwnTests, baseline, after, afterPinsV2 } from './lib/owntests.mjs';
import { judgePair, readIfExists } from './lib/sdk-pairs.mjs';
import { importSdkAsUser } from './lib/sdk-as-user.mjs';
import { pinCensus, compareCensus } from './lib/pin-census.mjs';
import { summarize, renderMarkdown, renderConsole } from './lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

function die(msg) { process.stderr.write(`trial: ${msg}\n`); process.exit(2); }

let opt;
try {
  ({ values: opt } = parseArgs({
  options: {
    mirror: { type: 'string', default: process.env.MCP_TRIAL_MIRROR },
    sdk: { type: 'string', default: 'auto' },
    only: { type: 'string', multiple: true },
    corpus: { type: 'string', default: join(here, 'corpus.tsv') },
    labels: { type: 'string', default: join(here, 'labels.tsv') },
    owntests: { type: 'string', default: join(here, 'owntests.tsv') },
    pairs: { type: 'string', default: join(here, 'sdk-pairs.tsv') },
    out: { type: 'string', default: here },
    // Outside this repo: a corpus repo without its own vitest/tsconfig would pick up ours.
    work: { type: 'string', default: process.env.MCP_TRIAL_WORK ?? join(tmpdir(), 'mcp-migrate-trial') },
    cli: { type: 'string', default: join(root, 'dist', 'bin', 'mcp-migrate.js') },
    'no-own-tests': { type: 'boolean', default: false },
    // Also run each own suite after `pins --to v2 --write` and a fresh install (the pins issue).
    'pins-v2': { type: 'boolean', default: false },
    // With --pins-v2: skip the suites after `migrate --write` (when only the pins leg is wanted).
    'no-migrate-own': { type: 'boolean', default: false },
    'no-pairs': { type: 'boolean', default: false },
    'migrate-arg': { type: 'string', multiple: true, default: [] },
    quiet: { type: 'boolean', short: 'q', default: false },
  },
  }));
} catch (e) {
  die(e.message.split('\n')[0]);
}

const log = (s) => { if (!opt.quiet) process.stderr.write(`${s}\n`); };

if (!opt.mirror) die('--mirror DIR is required (the folder holding fetched snapshots, owner+name/repo)');
if (!existsSync(opt.mirror)) die(`--mirror ${opt.mirror}: not found`);
if (!['auto', 'v1', 'v2'].includes(opt.sdk)) die(`--sdk takes auto, v1 or v2, got "${opt.sdk}"`);
// the CLI runs with each scratch repo as its cwd: a relative path would name nothing there
opt.cli = resolve(opt.cli);
if (!existsSync(opt.cli)) die(`${opt.cli}: not built (run npm run build)`);

let corpus, labels, ownRows, pairs;
try {
  corpus = readTsv(opt.corpus, CORPUS_COLUMNS);
  labels = readTsv(opt.labels, LABEL_COLUMNS, { optional: true });
  ownRows = readTsv(opt.owntests, OWNTEST_COLUMNS, { optional: true });
  pairs = readTsv(opt.pairs, PAIR_COLUMNS, { optional: true });
} catch (e) { die(e.message); }
const problems = checkCorpus(corpus, labels);
if (problems.length) die(`${problems.length} bad rows; first: ${problems[0]}`);

const selected = corpus.filter((r) => !isReference(r) && (!opt.only?.length || opt.only.includes(r.repo)));
if (opt.only?.length && !selected.length) die(`--only ${opt.only.join(',')}: no such corpus repo`);
const cli = (args, cwd) => run(process.execPath, [opt.cli, ...args], { cwd, timeoutMs: 15 * 60_000, env: { FORCE_COLOR: '0' } });
const migrateArgs = (sdk) => ['migrate', '--write', '--json', '--sdk', sdk, ...opt['migrate-arg'], '.'];
const hasTag = (r, t) => r.tags.split(',').map((x) => x.trim()).includes(t);
const slug = (r) => `${r.repo.replace('/', '+')}@${r.commit.slice(0, 12)}`;

function ndjson(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try { out.push(JSON.parse(line)); } catch { /* a stray line is not a record */ }
  }
  return out;
}

function crashed(r) {
  return r.timedOut || /internal error|FATAL ERROR|Segmentation/i.test(r.stderr) || ![0, 1, 2].includes(r.code);
}

function trialRepo(row, sdk) {
  const dir = join(opt.work, 'runs', sdk === opt.sdk ? slug(row) : `${slug(row)}-${sdk}`);
  const ex = exportRepo({ mirror: opt.mirror, repo: row.repo, commit: row.commit, dest: dir });
  if (!ex.ok) return { repo: row.repo, commit: row.commit, missing: ex.why };
  if (hasTag(row, 'as-user')) {
    importSdkAsUser(dir);
    // Its dev scripts (an SSE-only server among them) too: they import `../src/...` likewise.
    importSdkAsUser(dir, 'scripts');
    commitAll(dir, 'trial: examples import the SDK as its users do');
  }
  const base = git(dir, ['rev-parse', 'HEAD']).stdout.trim();

  const audit = cli(['audit', '--format', 'json', '.'], dir);
  let auditDoc;
  try { auditDoc = JSON.parse(audit.stdout); } catch { auditDoc = undefined; }
  const pins = cli(['pins', '--json', '.'], dir);
  const pinRecords = ndjson(pins.stdout).filter((r) => r.type === 'pin');
  const census = compareCensus(pinCensus(dir), pinRecords);

  const first = cli(migrateArgs(sdk), dir);
  const records = ndjson(first.stdout);
  const findings = records.filter((r) => r.type === 'finding');
  const summary = records.find((r) => r.type === 'summary') ?? {};
  const inspected = inspectRepo(dir, base);

  commitAll(dir, 'trial: migrated');
  const second = cli(migrateArgs(sdk), dir);
  const residue = git(dir, ['status', '--porcelain', '--', '.', ':!node_modules']).stdout.split('\n').filter(Boolean);

  const repoLabels = labels.filter((l) => l.repo === row.repo).map((l) => ({ ...l, ...outcomeOf(l, findings, inspected) }));
  const errorLines = first.stderr.split('\n').filter((l) => l.startsWith('mcp-migrate: ')).slice(0, 20);
  return {
    repo: row.repo, commit: row.commit, tags: row.tags, sdk, dir, base, absentInSnapshot: ex.absent ?? 0,
    seconds: first.seconds,
    exit: { migrate: first.code, second: second.code, audit: audit.code, pins: pins.code },
    // a migrate run that ends without its summary record did not run at all: never score it as "left alone"
    crashed: [first, second, audit, pins].some(crashed) || !records.some((r) => r.type === 'summary'),
    stats: { discovered: summary.discovered ?? null, parsed: summary.parsed ?? null, changed: summary.changed ?? null, errors: summary.errors ?? null },
    errorLines,
    idempotent: residue.length === 0, residue: residue.slice(0, 10),
    audit: auditDoc ? { summary: auditDoc.summary, markers: auditDoc.markers?.length ?? 0 } : { unreadable: true, exit: audit.code },
    pins: pinRecords.length,
    pinCensus: { expected: census.expected, reported: census.reported, missed: census.missed.slice(0, 20) },
    findings: findings.map((f) => ({ rule: f.rule, file: f.file, line: f.line, severity: f.severity, resolution: f.resolution, category: f.category, message: f.message })),
    files: inspected,
    labels: repoLabels,
  };
}

mkdirSync(opt.work, { recursive: true });
const started = Date.now();
const repos = [];
for (const [i, row] of selected.entries()) {
  log(`[${i + 1}/${selected.length}] ${row.repo}`);
  const r = trialRepo(row, opt.sdk);
  if (r.missing) log(`  skipped: ${r.missing}`);
  repos.push(r);
}

const own = [];
if (!opt['no-own-tests']) {
  for (const row of ownRows.filter((o) => selected.some((s) => s.repo === o.repo))) {
    const c = selected.find((s) => s.repo === row.repo);
    log(`own tests: ${row.repo}`);
    const prepared = prepareOwnTests({ mirror: opt.mirror, row, commit: c.commit, workRoot: opt.work, log });
    if (prepared.error) { own.push({ repo: row.repo, error: prepared.error }); continue; }
    const before = baseline(row, prepared);
    const afterV = opt['no-migrate-own'] ? undefined : after(row, prepared, (dir) => cli(migrateArgs(opt.sdk), dir));
    const pinsV2 = opt['pins-v2'] ? afterPinsV2(row, prepared, (dir) => cli(['pins', '--to', 'v2', '--write', '--allow-dirty', '--json', '.'], dir)) : undefined;
    own.push({ repo: row.repo, dir: row.dir, notes: row.notes, install: prepared.install, before, after: afterV, ...(pinsV2 ? { pinsV2 } : {}) });
  }
}

const sdkPairs = [];
if (!opt['no-pairs'] && pairs.length) {
  const sdkRow = selected.find((r) => r.repo === 'modelcontextprotocol/typescript-sdk');
  const mainRow = corpus.find((r) => r.repo === 'modelcontextprotocol/typescript-sdk' && isReference(r));
  if (sdkRow && mainRow) {
    log('SDK v1.x examples against main (--sdk v2)');
    const v2 = opt.sdk === 'v2' ? repos.find((r) => r.repo === sdkRow.repo) : trialRepo(sdkRow, 'v2');
    const gitDir = findGitDir(opt.mirror, mainRow.repo);
    for (const p of pairs) {
      const before = git(v2.dir, ['show', `${v2.base}:${p.v1path}`]);
      const mainText = p.mainpath && p.mainpath !== '-' && gitDir ? git(undefined, ['--git-dir', gitDir, 'show', `${mainRow.commit}:${p.mainpath}`]) : undefined;
      sdkPairs.push(judgePair(p, before.code === 0 ? before.stdout : undefined, readIfExists(v2.dir, p.v1path),
        mainText?.code === 0 ? mainText.stdout : undefined, v2.files ?? []));
    }
  }
}

// The commit of the mcp-migrate that ran (--cli may point at another checkout, e.g. a baseline).
const ourCommit = git(dirname(opt.cli), ['rev-parse', 'HEAD']).stdout.trim() || 'unknown';
const result = summarize({ repos, own, sdkPairs, corpus, labels, selected, sdk: opt.sdk, ourCommit, seconds: (Date.now() - started) / 1000, judged: readJudgedSamples(here) });
mkdirSync(opt.out, { recursive: true });
const forJson = { ...result, repos: repos.map(({ dir, ...r }) => r) };
writeFileSync(join(opt.out, 'results.json'), JSON.stringify(forJson, null, 1) + '\n');
writeFileSync(join(opt.out, 'results.md'), renderMarkdown(result));
process.stdout.write(renderConsole(result));
