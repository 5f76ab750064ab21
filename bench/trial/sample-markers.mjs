#!/usr/bin/env node
/**
 * A reproducible sample of the markers the last trial run left, for judging by hand:
 * `node bench/trial/sample-markers.mjs [--work DIR] [--n 72] > sample.md`.
 *
 * Reads each run directory's last commit ("trial: migrated") against its parent, keeps the
 * added marker comments outside test files, orders them by a hash of repo, path and text (so
 * the sample does not follow corpus order), and takes a share of every rule before filling up.
 * Prints, per marker, an id, where it is, the rule and text, and the code around it. The
 * verdicts go to judged.tsv (see its header); results.md reports them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { git } from './lib/sh.mjs';
import { locationOf } from './lib/location.mjs';
import { readTsv, CORPUS_COLUMNS, isReference } from './lib/tsv.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    work: { type: 'string', default: process.env.MCP_TRIAL_WORK ?? join(tmpdir(), 'mcp-migrate-trial') },
    n: { type: 'string', default: '72' },
    context: { type: 'string', default: '7' },
  },
});
const MARKER = /mcp-migrate\(([\w-]+)\):\s*(.*?)\s*(\*\/|$)/;

const corpus = readTsv(join(here, 'corpus.tsv'), CORPUS_COLUMNS).filter((r) => !isReference(r));
const slugs = new Map(corpus.map((r) => [`${r.repo.replace('/', '+')}@${r.commit.slice(0, 12)}`, r.repo]));
const markers = [];
for (const d of readdirSync(join(opt.work, 'runs'))) {
  const repo = slugs.get(d);
  if (!repo) continue;
  const dir = join(opt.work, 'runs', d);
  const diff = git(dir, ['diff', '-U0', '--no-color', 'HEAD~1', 'HEAD']).stdout;
  let path;
  let line = 0;
  for (const l of diff.split('\n')) {
    if (l.startsWith('+++ ')) path = l.slice(6);
    else if (l.startsWith('@@')) line = Number(/\+(\d+)/.exec(l)[1]);
    else if (l.startsWith('+')) {
      const m = MARKER.exec(l);
      if (m && path && locationOf(path) !== 'test') markers.push({ repo, dir, path, line, rule: m[1], text: m[2] });
      line++;
    }
  }
}
const hash = (m) => createHash('sha1').update(`${m.repo}:${m.path}:${m.text}`).digest('hex');
markers.sort((a, b) => (hash(a) < hash(b) ? -1 : 1));
const n = Number(opt.n);
const byRule = new Map();
for (const m of markers) byRule.set(m.rule, [...(byRule.get(m.rule) ?? []), m]);
// Each rule gets its share of the sample (at least 5 where it has them), the rest in hash order.
const picked = new Set();
for (const list of byRule.values()) for (const m of list.slice(0, Math.max(5, Math.round((n * list.length) / markers.length)))) picked.add(m);
for (const m of markers) if (picked.size < n) picked.add(m);
const sample = markers.filter((m) => picked.has(m)).slice(0, Math.max(n, picked.size));

const out = [`# Marker sample: ${sample.length} of ${markers.length} markers outside test files`, ''];
sample.forEach((m, i) => {
  const lines = readFileSync(join(m.dir, m.path), 'utf8').split('\n');
  const k = Number(opt.context);
  const from = Math.max(0, m.line - 1 - k);
  const ctx = lines.slice(from, m.line + 2 * k).map((l, j) => `${String(from + j + 1).padStart(5)}${from + j + 1 === m.line ? '>' : ' '} ${l}`).join('\n');
  out.push(`## M${i + 1}: ${m.repo} ${m.path}:${m.line} (${m.rule})`, '', `> ${m.text}`, '', '```', ctx, '```', '');
});
process.stdout.write(out.join('\n'));
