#!/usr/bin/env node
/**
 * Renders results.md (and results.json) again from a results.json, with the current report
 * code and the current judged*.tsv: `node bench/trial/rerender.mjs DIR [--labels]` (DIR holds
 * results.json). Nothing is run again; the numbers stay those of the run that wrote the file.
 * With --labels, each label's expected outcome is taken from the current labels.tsv (a
 * relabelled row is scored against what the run did), so a relabelling can be shown on the
 * same run before and after.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTsv, CORPUS_COLUMNS, LABEL_COLUMNS, isReference } from './lib/tsv.mjs';
import { readJudgedSamples } from './lib/judged.mjs';
import { summarize, renderMarkdown } from './lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'results.json'))) {
  process.stderr.write('rerender: usage: rerender.mjs DIR (a directory holding results.json)\n');
  process.exit(2);
}
const old = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
const corpus = readTsv(join(here, 'corpus.tsv'), CORPUS_COLUMNS);
const labels = readTsv(join(here, 'labels.tsv'), LABEL_COLUMNS);
if (process.argv.includes('--labels')) {
  const byKey = new Map(labels.map((l) => [`${l.repo}\t${l.path}\t${l.kind}`, l]));
  for (const repo of old.repos) {
    for (const l of repo.labels) {
      const now = byKey.get(`${l.repo}\t${l.path}\t${l.kind}`);
      if (now) { l.expected = now.expected; l.reason = now.reason; }
    }
  }
}
const ran = new Set(old.repos.map((r) => r.repo));
const selected = corpus.filter((r) => !isReference(r) && ran.has(r.repo));
const result = summarize({
  repos: old.repos, own: old.own, sdkPairs: old.sdkPairs?.pairs ?? [], corpus, labels, selected,
  sdk: old.sdk, ourCommit: old.ourCommit, seconds: old.seconds, judged: readJudgedSamples(here),
});
writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...result, repos: old.repos }, null, 1) + '\n');
writeFileSync(join(dir, 'results.md'), renderMarkdown(result));
process.stdout.write(`rerendered ${join(dir, 'results.md')}\n`);
