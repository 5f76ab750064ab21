/**
 * The trial's inputs are tab-separated text a reviewer can read and diff: one row a line,
 * `#` comment lines and blank lines ignored, columns by name.
 */
import { readFileSync, existsSync } from 'node:fs';

export function readTsv(file, columns, { optional = false } = {}) {
  if (!existsSync(file)) {
    if (optional) return [];
    throw new Error(`${file}: not found`);
  }
  const rows = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const cells = line.replace(/\r$/, '').split('\t');
    const row = { line: i + 1 };
    columns.forEach((c, k) => { row[c] = (cells[k] ?? '').trim(); });
    rows.push(row);
  });
  return rows;
}

export const CORPUS_COLUMNS = ['repo', 'commit', 'tags', 'note'];
export const LABEL_COLUMNS = ['repo', 'path', 'kind', 'expected', 'reason'];
export const OWNTEST_COLUMNS = ['repo', 'dir', 'install', 'test', 'typecheck', 'baseline', 'baselineTypecheck', 'notes'];
export const PAIR_COLUMNS = ['v1path', 'mainpath', 'shapes', 'note'];
/** Markers judged by hand: true/false positive, and whether the advice is good, vague or wrong. */
export const JUDGED_COLUMNS = ['repo', 'path', 'line', 'rule', 'verdict', 'advice', 'note'];

/** Validates what the scorecard depends on; returns one message per bad row. */
export function checkCorpus(corpus, labels) {
  const problems = [];
  const seen = new Set();
  for (const r of corpus) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(r.repo)) problems.push(`corpus line ${r.line}: repo "${r.repo}" is not owner/name`);
    if (!/^[0-9a-f]{40}$/.test(r.commit)) problems.push(`corpus line ${r.line}: commit "${r.commit}" is not 40 hex digits`);
    const key = `${r.repo}@${r.commit}`;
    if (seen.has(key)) problems.push(`corpus line ${r.line}: ${key} listed twice`);
    seen.add(key);
  }
  const runnable = new Set(corpus.filter((r) => !isReference(r)).map((r) => r.repo));
  for (const l of labels) {
    if (!runnable.has(l.repo)) problems.push(`labels line ${l.line}: ${l.repo} is not a corpus repo that runs`);
    if (!['server', 'store', 'oauth'].includes(l.kind)) problems.push(`labels line ${l.line}: kind "${l.kind}"`);
    if (!['rewrite', 'marker', 'leave'].includes(l.expected)) problems.push(`labels line ${l.line}: expected "${l.expected}"`);
  }
  return problems;
}

/** A `reference` row (the SDK's own v2 target) is read for comparison, never migrated. */
export function isReference(row) {
  return row.tags.split(',').map((t) => t.trim()).includes('reference');
}
