/**
 * The scorecard: one summary object (results.json) and two renderings of it, a Markdown
 * page a reviewer reads in a minute (results.md) and a short console table.
 */
import { scoreKind, median, KIND_RULE } from './score.mjs';
import { verdictsPerFile } from './sdk-pairs.mjs';

const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);
const sum = (xs, f) => xs.reduce((s, x) => s + (f(x) || 0), 0);

export function summarize({ repos, own, sdkPairs, corpus, labels, selected, sdk, ourCommit, seconds, judged = [] }) {
  const ran = repos.filter((r) => !r.missing);
  const files = ran.flatMap((r) => r.files.map((f) => ({ ...f, repo: r.repo })));
  const code = files.filter((f) => f.markers);
  const markers = code.flatMap((f) => f.markers.map((m) => ({ ...m, repo: f.repo, path: f.path, location: f.location })));
  const byKey = (xs, key) => xs.reduce((o, x) => ((o[x[key]] = (o[x[key]] ?? 0) + 1), o), {});
  const labelRows = ran.flatMap((r) => r.labels);
  const kinds = {};
  for (const kind of Object.keys(KIND_RULE)) kinds[kind] = scoreKind(labelRows.filter((l) => l.kind === kind));
  const times = ran.map((r) => r.seconds);
  const discovered = sum(ran, (r) => r.stats.discovered);
  const exits = byKey(ran.map((r) => ({ e: String(r.exit.migrate) })), 'e');
  const tags = {};
  for (const r of corpus.filter((c) => selected.includes(c))) for (const t of r.tags.split(',').map((s) => s.trim()).filter(Boolean)) tags[t] = (tags[t] ?? 0) + 1;
  const perFile = verdictsPerFile(sdkPairs);
  const verdicts = Object.values(perFile).reduce((o, v) => ((o[v] = (o[v] ?? 0) + 1), o), {});
  return {
    schema: 'mcp-migrate/trial', schemaVersion: 1, ourCommit, sdk, seconds: Math.round(seconds),
    corpus: { repos: selected.length, ran: ran.length, missing: repos.filter((r) => r.missing).map((r) => `${r.repo}: ${r.missing}`), tags },
    labels: { total: labelRows.length, byKind: byKey(labelRows, 'kind'), unmatchedInCorpus: labels.length - labelRows.length },
    kinds,
    markers: {
      total: markers.length,
      byLocation: byKey(markers, 'location'),
      byRule: byKey(markers, 'rule'),
      repeatedInFunction: sum(code, (f) => f.repeated),
      perRepo: Object.fromEntries(ran.map((r) => [r.repo, sum(r.files.filter((f) => f.markers), (f) => f.markers.length)])),
    },
    edits: {
      filesChanged: files.length,
      byLocation: byKey(files, 'location'),
      withoutMarker: code.filter((f) => f.withoutMarker).length,
      testFilesChanged: files.filter((f) => f.location === 'test').length,
      parseFailures: code.filter((f) => f.parses === false && f.parsedBefore !== false).map((f) => `${f.repo}:${f.path}: ${f.parseError}`),
      clientSessionDeletions: sum(code, (f) => f.clientSessionDeletions),
      clientSessionDeletionFiles: code.filter((f) => f.clientSessionDeletions > 0).map((f) => `${f.repo}:${f.path} (${f.clientSessionDeletions})`),
    },
    runs: {
      exits, crashes: ran.filter((r) => r.crashed).map((r) => r.repo),
      notIdempotent: ran.filter((r) => !r.idempotent).map((r) => `${r.repo}: ${r.residue.join(', ')}`),
      secondsMedian: median(times), secondsMax: times.length ? Math.max(...times) : null,
      filesPerSecond: sum(times, (t) => t) ? Math.round(discovered / sum(times, (t) => t)) : null,
      errorLines: ran.flatMap((r) => r.errorLines.map((l) => `${r.repo}: ${l}`)).slice(0, 40),
    },
    perRepo: ran.map((r) => ({
      repo: r.repo, tags: r.tags, discovered: r.stats.discovered, parsed: r.stats.parsed, changed: r.stats.changed,
      markers: byKey(r.files.flatMap((f) => (f.markers ?? []).map(() => ({ l: f.location }))), 'l'),
      exit: r.exit.migrate, idempotent: r.idempotent, seconds: Math.round(r.seconds * 100) / 100, pins: r.pins,
    })),
    mismatches: labelRows.filter((l) => l.outcome !== l.expected).map((l) => ({ repo: l.repo, path: l.path, kind: l.kind, expected: l.expected, got: l.outcome, markers: l.markers, reason: l.reason })),
    pinCensus: {
      expected: sum(ran, (r) => r.pinCensus?.expected), reported: sum(ran, (r) => r.pinCensus?.reported),
      missed: ran.flatMap((r) => (r.pinCensus?.missed ?? []).map((m) => `${r.repo}: ${m.manifest} ${m.section} ${m.package}`)),
    },
    judged: judged.map((sample) => ({ file: sample.file, ...judgedSummary(sample.rows.filter((r) => ran.some((x) => x.repo === r.repo)), sample.header, markers) })),
    own,
    sdkPairs: { total: Object.values(perFile).filter((v) => v !== 'no counterpart').length, verdicts, perFile, pairs: sdkPairs },
  };
}

/** The hand-judged marker sample: true positives and advice quality, overall and per rule. */
function judgedSummary(rows, header, markers) {
  const one = (xs) => ({
    judged: xs.length,
    truePositive: xs.filter((r) => r.verdict === 'true').length,
    advice: { good: xs.filter((r) => r.advice === 'good').length, vague: xs.filter((r) => r.advice === 'vague').length, wrong: xs.filter((r) => r.advice === 'wrong').length },
  });
  const rules = [...new Set(rows.map((r) => r.rule))].sort();
  // Which judged markers this run still leaves: same repo, path and rule, a nearby line (other
  // markers above it may have come or gone), each current marker matched once.
  const taken = new Set();
  const still = rows.filter((r) => {
    const m = markers.filter((x) => !taken.has(x) && x.repo === r.repo && x.path === r.path && x.rule === r.rule && Math.abs(x.line - Number(r.line)) <= 12)
      .sort((a, b) => Math.abs(a.line - Number(r.line)) - Math.abs(b.line - Number(r.line)))[0];
    if (m) taken.add(m);
    return !!m;
  });
  return { header, ...one(rows), stillPresent: one(still), byRule: Object.fromEntries(rules.map((k) => [k, one(rows.filter((r) => r.rule === k))])), falsePositives: rows.filter((r) => r.verdict !== 'true').map((r) => `${r.repo} ${r.path}:${r.line} (${r.rule}): ${r.note}`) };
}

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const counts = (t) => (t ? `${t.passed}/${t.failed}` : '—');
const tc = (c) => (!c ? '—' : c.exit === 0 ? 'ok' : `${c.errors} errors (exit ${c.exit})`);

export function renderMarkdown(s) {
  const out = [];
  out.push(`# Trial bench results`, '');
  out.push(`mcp-migrate ${s.ourCommit.slice(0, 12)}, \`--sdk ${s.sdk}\`; ${s.corpus.ran} of ${s.corpus.repos} corpus repos ran in ${s.seconds} s` +
    (s.corpus.missing.length ? ` (${s.corpus.missing.length} missing: ${s.corpus.missing.join('; ')})` : '') + '.');
  out.push(`Labels: ${s.labels.total} (${Object.entries(s.labels.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}). ` +
    `Corpus tags: ${Object.entries(s.corpus.tags).map(([k, n]) => `${k} ${n}`).join(', ')}.`, '');

  out.push('## Labeled sites: expected against what the rule did', '');
  out.push(table(['kind (rule)', 'labels', 'expected rewrite → rewrite / marker / untouched', 'expected marker → …', 'expected leave → …', 'exact', 'rewrite P / R', 'marker P / R', 'acted P / R', 'leave touched', 'marker ≠ 1'],
    Object.entries(s.kinds).map(([k, v]) => {
      const m = v.matrix;
      const cell = (e) => `${m[e].rewrite} / ${m[e].marker} / ${m[e].leave}`;
      return [`${k} (${KIND_RULE[k]})`, v.labels, cell('rewrite'), cell('marker'), cell('leave'), pct(v.exact),
        `${pct(v.rewrite.precision)} / ${pct(v.rewrite.recall)}`, `${pct(v.marker.precision)} / ${pct(v.marker.recall)}`,
        `${pct(v.acted.precision)} / ${pct(v.acted.recall)}`, v.leaveTouched, v.markerNotExactlyOne];
    })), '');
  out.push('P = precision, R = recall. "acted" = rewrite or marker, against labels that ask for either.', '');

  out.push('## Markers and edits', '');
  const loc = (o) => ['product', 'example', 'test'].map((k) => `${k} ${o[k] ?? 0}`).join(', ');
  out.push(table(['measure', 'value'], [
    ['markers inserted', s.markers.total],
    ['… by location', loc(s.markers.byLocation)],
    ['… by rule', Object.entries(s.markers.byRule).map(([k, n]) => `${k} ${n}`).join(', ') || '—'],
    ['… repeated within one function (extra copies)', s.markers.repeatedInFunction],
    ['files changed', `${s.edits.filesChanged} (${loc(s.edits.byLocation)})`],
    ['code files changed without a marker', s.edits.withoutMarker],
    ['test / mock / fixture files changed', s.edits.testFilesChanged],
    ['outputs that no longer parse', s.edits.parseFailures.length],
    ['client-side session lines deleted', s.edits.clientSessionDeletions],
    ['not idempotent (second run changed something)', s.runs.notIdempotent.length],
    ['migrate exit codes', Object.entries(s.runs.exits).map(([k, n]) => `${k}: ${n}`).join(', ')],
    ['crashes / time-outs', s.runs.crashes.length],
    ['time per repo: median / max', `${s.runs.secondsMedian?.toFixed(2)} s / ${s.runs.secondsMax?.toFixed(2)} s`],
    ['files considered per second', s.runs.filesPerSecond],
  ]), '');
  for (const [title, list] of [['Outputs that no longer parse', s.edits.parseFailures], ['Client-side session deletions', s.edits.clientSessionDeletionFiles],
    ['Not idempotent', s.runs.notIdempotent], ['Crashes', s.runs.crashes], ['Error lines (first 40)', s.runs.errorLines]]) {
    if (list.length) out.push(`### ${title}`, '', ...list.map((l) => `- ${l}`), '');
  }

  out.push('## Markers judged by hand', '');
  if (!s.judged.length) out.push('(no judged sample)', '');
  for (const j of s.judged) {
    out.push(`### ${j.file}`, '');
    const row = (name, x) => [name, x.judged, `${x.truePositive} (${pct(x.truePositive / x.judged)})`, `${x.advice.good} (${pct(x.advice.good / x.judged)})`, x.advice.vague, x.advice.wrong];
    out.push(`${j.header}`, '');
    out.push(table(['rule', 'judged', 'true positives', 'good advice', 'vague', 'wrong'], [...Object.entries(j.byRule).map(([k, x]) => row(k, x)), row('**all**', j)]), '');
    const st = j.stillPresent;
    out.push(`This run still leaves ${st.judged} of the ${j.judged} judged markers: ${st.truePositive} true (${pct(st.judged ? st.truePositive / st.judged : null)}), ${st.advice.good} with good advice; it dropped ${j.judged - st.judged}, of which ${j.truePositive - st.truePositive} were true.`, '');
    if (j.falsePositives.length) out.push('False positives:', '', ...j.falsePositives.map((f) => `- ${f}`), '');
  }

  out.push('## SDK pins reported', '');
  out.push(`Every place a repo pins an MCP SDK package or a framework that carries one (package.json sections, overrides, resolutions, pnpm.overrides, pnpm-workspace.yaml catalogs and overrides), found by a census that does not use our pins module: ${s.pinCensus.reported} of ${s.pinCensus.expected} reported by \`pins\` (${pct(s.pinCensus.expected ? s.pinCensus.reported / s.pinCensus.expected : null)}).`, '');
  if (s.pinCensus.missed.length) out.push(...s.pinCensus.missed.map((m) => `- missed: ${m}`), '');

  out.push('## Own test suites and type-checks, before → after `migrate --write`', '');
  if (!s.own.length) out.push('(not run)', '');
  else {
    out.push(table(['repo', 'tests before (passed/failed)', 'after', 'new failures', 'type-check before', 'after', 'files migrated', 'notes'],
      s.own.map((o) => o.error ? [o.repo, '—', '—', '—', '—', '—', '—', o.error] : !o.after ? [o.repo, counts(o.before.tests), '(not run)', '—', tc(o.before.typecheck), '—', '—', o.notes ?? ''] : [
        o.repo, counts(o.before.tests), counts(o.after.tests),
        o.before.tests && o.after.tests ? Math.max(0, o.after.tests.failed - o.before.tests.failed) : '—',
        tc(o.before.typecheck), tc(o.after.typecheck), o.after.changedFiles, [o.notes, o.install?.code ? `install exit ${o.install.code}` : ''].filter(Boolean).join('; ') || '']),
    ), '');
  }

  const withPins = s.own.filter((o) => o.pinsV2);
  if (withPins.length) {
    out.push('## Own test suites after `pins --to v2 --write` and a fresh install', '');
    out.push(table(['repo', 'pins changed files', 'install (lockfile allowed to move)', 'tests before', 'after', 'new failures', 'type-check after'],
      withPins.map((o) => {
        const p = o.pinsV2;
        if (p.skipped) return [o.repo, 0, '—', counts(o.before.tests), '—', '—', p.skipped];
        return [o.repo, p.changedFiles, p.install.code === 0 ? `ok (${p.install.seconds} s)` : `**exit ${p.install.code}**: ${p.install.tail}`, counts(o.before.tests), counts(p.tests),
          o.before.tests && p.tests ? Math.max(0, p.tests.failed - o.before.tests.failed) : '—', tc(p.typecheck)];
      })), '');
  }

  out.push('## The SDK against its own migration (v1.x examples, `--sdk v2`, against `main`)', '');
  if (!s.sdkPairs.total) out.push('(not run)', '');
  else {
    const v = s.sdkPairs.verdicts;
    out.push(`Of ${s.sdkPairs.total} v1.x examples with a counterpart on main (one verdict per file, the best over its counterparts; worse wins): reproduces ${v.reproduces ?? 0}, improves ${v.improves ?? 0}, unchanged ${v.unchanged ?? 0}, worse ${v.worse ?? 0}` +
      (v.missing ? `, missing ${v.missing}` : '') + (v['no counterpart'] ? `; ${v['no counterpart']} without a counterpart` : '') + '.', '');
    out.push(table(['v1.x file', 'main counterpart', 'maintainers\' shapes (confirmed in main)', 'ours has', 'markers', 'verdict'],
      s.sdkPairs.pairs.map((p) => [p.v1path, p.mainpath, `${p.wanted.join(', ')} (${p.confirmedInMain.length}/${p.wanted.length})`, p.got.join(', ') || '—', p.markers, p.verdict])), '');
  }

  out.push('## Per repo', '');
  out.push(table(['repo', 'tags', 'files', 'parsed', 'changed', 'markers (product/example/test)', 'exit', 'idempotent', 's', 'pins'],
    s.perRepo.map((r) => [r.repo, r.tags, r.discovered, r.parsed, r.changed, `${r.markers.product ?? 0}/${r.markers.example ?? 0}/${r.markers.test ?? 0}`, r.exit, r.idempotent ? 'yes' : '**no**', r.seconds, r.pins])), '');

  out.push('## Labels the rules got wrong', '');
  out.push(s.mismatches.length ? table(['repo', 'path', 'kind', 'expected', 'got', 'label reason'], s.mismatches.map((m) => [m.repo, m.path, m.kind, m.expected, `${m.got}${m.markers > 1 ? ` (${m.markers} markers)` : ''}`, m.reason.replace(/\|/g, '\\|')])) : '(none)', '');
  return out.join('\n');
}

export function renderConsole(s) {
  const lines = [`trial: ${s.corpus.ran}/${s.corpus.repos} repos, ${s.labels.total} labels, ${s.seconds} s`];
  for (const [k, v] of Object.entries(s.kinds)) {
    lines.push(`  ${k.padEnd(6)} labels ${String(v.labels).padStart(3)}  exact ${pct(v.exact).padStart(4)}  rewrite P/R ${pct(v.rewrite.precision)}/${pct(v.rewrite.recall)}  marker P/R ${pct(v.marker.precision)}/${pct(v.marker.recall)}  leave touched ${v.leaveTouched}`);
  }
  lines.push(`  markers ${s.markers.total} (product ${s.markers.byLocation.product ?? 0}, example ${s.markers.byLocation.example ?? 0}, test ${s.markers.byLocation.test ?? 0}), repeated ${s.markers.repeatedInFunction}`);
  lines.push(`  files changed ${s.edits.filesChanged}, tests changed ${s.edits.testFilesChanged}, parse failures ${s.edits.parseFailures.length}, client session deletions ${s.edits.clientSessionDeletions}, not idempotent ${s.runs.notIdempotent.length}, crashes ${s.runs.crashes.length}`);
  lines.push(`  pins reported ${s.pinCensus.reported}/${s.pinCensus.expected}`);
  lines.push(`  time per repo median ${s.runs.secondsMedian?.toFixed(2)} s, max ${s.runs.secondsMax?.toFixed(2)} s`);
  for (const o of s.own) lines.push(o.error ? `  own ${o.repo}: ${o.error}` : `  own ${o.repo}: tests ${counts(o.before.tests)} → ${counts(o.after?.tests)}, tsc ${tc(o.before.typecheck)} → ${tc(o.after?.typecheck)}` + (o.pinsV2 ? `; after pins --to v2: install ${o.pinsV2.install?.code ?? '-'}, tests ${counts(o.pinsV2.tests)}` : ''));
  if (s.sdkPairs.total) lines.push(`  sdk: ${JSON.stringify(s.sdkPairs.verdicts)} of ${s.sdkPairs.total}`);
  return lines.join('\n') + '\n';
}
