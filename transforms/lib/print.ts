/**
 * Printing a rewritten tree without disturbing the file's conventions.
 * recast's default lineTerminator is os.EOL, so a CRLF file would get LF lines in every
 * reprinted region on Linux; quotes default to double; indent to 4. All three are taken
 * from the file. Pending markers (./markers.ts) are spliced in as text here.
 */
import type { Collection } from 'jscodeshift';
import { pendingMarkers, type PendingMarker } from './markers.ts';

export function detectEol(source: string): '\r\n' | '\n' {
  const crlf = source.split('\r\n').length - 1;
  const lf = source.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

export function detectQuote(source: string): 'single' | 'double' {
  const single = source.split("'").length;
  const double = source.split('"').length;
  return double > single ? 'double' : 'single';
}

/** The indentation step most used by the file. */
export function detectTabWidth(source: string): number {
  const counts = new Map<number, number>();
  let previous = 0;
  for (const line of source.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const indent = /^ */.exec(line)![0].length;
    const step = Math.abs(indent - previous);
    if (step > 0 && step <= 8) counts.set(step, (counts.get(step) ?? 0) + 1);
    previous = indent;
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount) [best, bestCount] = [step, count];
  return best;
}

export function printOptionsFor(source: string) {
  // recast measured leading tabs with its parse-time tabWidth (4) when it read the file;
  // printing with another width would re-render every tab-indented line.
  const hasTabs = /^\t/m.test(source);
  return {
    lineTerminator: detectEol(source),
    quote: detectQuote(source),
    tabWidth: hasTabs ? 4 : detectTabWidth(source),
    useTabs: hasTabs && !/^ {2}/m.test(source),
    reuseWhitespace: true,
  } as const;
}


/**
 * Puts a marker line above the marked statement in the printed output. The statement is
 * found by its original lines (compared trimmed, so CRLF and tab expansion cannot throw
 * the match off; babel offsets cannot be used: recast hands babel an LF-normalized copy).
 * A statement we mark is one we refused to rewrite, so its lines are still in the output;
 * when they occur more than once, the occurrence nearest the old position wins.
 */
/**
 * Index in `outLines` where the statement at `loc` of `source` now starts, or -1. The
 * statement is found by its original lines, compared trimmed (CRLF and tab expansion cannot
 * throw the match off; babel offsets cannot be used: recast hands babel an LF-normalized
 * copy). When its lines occur more than once, the occurrence nearest the old position wins.
 */
export function locateStatementLines(outLines: string[], source: string, loc: { start: { line: number }; end: { line: number } }): number {
  const srcLines = source.split('\n');
  const want = srcLines.slice(loc.start.line - 1, loc.end.line).map((l) => l.trim());
  const expected = (loc.start.line - 1) * (outLines.length / Math.max(srcLines.length, 1));
  let best = -1;
  for (let i = 0; i + want.length <= outLines.length; i++) {
    if (!want.every((w, k) => outLines[i + k].trim() === w)) continue;
    if (best === -1 || Math.abs(i - expected) < Math.abs(best - expected)) best = i;
  }
  return best;
}

/** One indentation step of the file: a tab, or its most used run of spaces. */
export function indentUnit(source: string): string {
  const { tabWidth, useTabs } = printOptionsFor(source);
  return useTabs ? '\t' : ' '.repeat(tabWidth);
}

/**
 * Puts a marker line above the marked statement in the printed output. A statement we mark
 * is one we refused to rewrite, so its original lines are still in the output.
 */
function spliceMarker(out: string, source: string, marker: PendingMarker): string {
  const loc = marker.statement.loc;
  if (!loc) return out;
  const outLines = out.split('\n');
  const best = locateStatementLines(outLines, source, loc);
  if (best === -1) return out;
  const line = outLines[best];
  const indent = /^[ \t]*/.exec(line)![0];
  outLines.splice(best, 0, `${indent}${marker.text}${line.endsWith('\r') ? '\r' : ''}`);
  return outLines.join('\n');
}

export function print(root: Collection, source: string): string {
  const options = printOptionsFor(source);
  let out = root.toSource(options);
  const fileNode = root.get().node as object;
  const markers = pendingMarkers.get(fileNode);
  if (markers?.length) {
    pendingMarkers.delete(fileNode);
    // Splice from the last statement backwards so earlier positions stay valid.
    const line = (m: PendingMarker) => m.statement.loc?.start.line ?? 0;
    for (const m of [...markers].sort((a, b) => line(b) - line(a))) out = spliceMarker(out, source, m);
  }
  return out;
}
