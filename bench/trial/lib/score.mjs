/**
 * Labels against outcomes. A label says what a careful tool does with one file for one kind
 * of site; the outcome is read from that rule's findings and the markers it left there.
 */
export const KIND_RULE = { server: 'stateless-transport', store: 'session-state', oauth: 'issuer-validation' };
export const OUTCOMES = ['rewrite', 'marker', 'leave'];

export function outcomeOf(label, findings, inspected) {
  const rule = KIND_RULE[label.kind];
  const file = inspected.find((f) => f.path === label.path);
  // A compliant finding ("already validates", "pass-through") reports a site as fine: no rewrite.
  const fixed = findings.filter((f) => f.rule === rule && f.file === label.path && f.resolution === 'fixed' && f.category !== 'oauth-compliant').length;
  const markers = (file?.markers ?? []).filter((m) => m.rule === rule).length;
  if (file && fixed > 0) return { outcome: 'rewrite', markers, fixed };
  if (markers > 0) return { outcome: 'marker', markers, fixed };
  return { outcome: 'leave', markers, fixed };
}

/** Confusion matrix (expected × actual) and the ratios a reviewer asks for, per kind. */
export function scoreKind(rows) {
  const matrix = Object.fromEntries(OUTCOMES.map((e) => [e, Object.fromEntries(OUTCOMES.map((a) => [a, 0]))]));
  for (const r of rows) matrix[r.expected][r.outcome]++;
  const ratio = (num, den) => (den === 0 ? null : num / den);
  const col = (a) => OUTCOMES.reduce((s, e) => s + matrix[e][a], 0);
  const rowSum = (e) => OUTCOMES.reduce((s, a) => s + matrix[e][a], 0);
  const acted = rows.filter((r) => r.outcome !== 'leave');
  const shouldAct = rows.filter((r) => r.expected !== 'leave');
  return {
    labels: rows.length,
    matrix,
    exact: ratio(rows.filter((r) => r.outcome === r.expected).length, rows.length),
    rewrite: { precision: ratio(matrix.rewrite.rewrite, col('rewrite')), recall: ratio(matrix.rewrite.rewrite, rowSum('rewrite')) },
    marker: { precision: ratio(matrix.marker.marker, col('marker')), recall: ratio(matrix.marker.marker, rowSum('marker')) },
    acted: {
      precision: ratio(acted.filter((r) => r.expected !== 'leave').length, acted.length),
      recall: ratio(shouldAct.filter((r) => r.outcome !== 'leave').length, shouldAct.length),
    },
    leaveTouched: rows.filter((r) => r.expected === 'leave' && r.outcome !== 'leave').length,
    markerNotExactlyOne: rows.filter((r) => r.expected === 'marker' && r.outcome === 'marker' && r.markers !== 1).length,
  };
}

export function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
