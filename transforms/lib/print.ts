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
  return {
    lineTerminator: detectEol(source),
    quote: detectQuote(source),
    tabWidth: detectTabWidth(source),
    useTabs: /^\t/m.test(source) && !/^ {2}/m.test(source),
    reuseWhitespace: true,
  } as const;
}

/** Set on a tree whose printed text holds spliced markers the tree itself lacks. */
export const TEXT_PATCHED = Symbol.for('mcp-migrate.textPatched');

function spliceMarker(out: string, source: string, marker: PendingMarker, eol: string): string {
  const { start, end } = marker.statement;
  if (typeof start !== 'number' || typeof end !== 'number') return out;
  const original = source.slice(start, end);
  // The statement we mark is one we refused to rewrite, so its text is still in the
  // output; when it occurs more than once, take the occurrence nearest its old place.
  const expected = start + (out.length - source.length) * (start / Math.max(source.length, 1));
  let best = -1;
  for (let i = out.indexOf(original); i !== -1; i = out.indexOf(original, i + 1)) {
    if (best === -1 || Math.abs(i - expected) < Math.abs(best - expected)) best = i;
  }
  if (best === -1) return out;
  const lineStart = out.lastIndexOf('\n', best - 1) + 1;
  const indent = /^[ \t]*/.exec(out.slice(lineStart, best))![0];
  const atLineStart = out.slice(lineStart, best).trim() === '';
  const insertion = atLineStart ? `${marker.text}${eol}${indent}` : `${eol}${indent}${marker.text}${eol}${indent}`;
  return out.slice(0, best) + insertion + out.slice(best);
}

export function print(root: Collection, source: string): string {
  const options = printOptionsFor(source);
  let out = root.toSource(options);
  const fileNode = root.get().node as object;
  const markers = pendingMarkers.get(fileNode);
  if (markers?.length) {
    pendingMarkers.delete(fileNode);
    // Splice from the last statement backwards so earlier offsets stay valid.
    const sorted = [...markers].sort((a, b) => (b.statement.start ?? 0) - (a.statement.start ?? 0));
    for (const m of sorted) out = spliceMarker(out, source, m, options.lineTerminator);
    (root as unknown as Record<symbol, boolean>)[TEXT_PATCHED] = true;
  }
  return out;
}
