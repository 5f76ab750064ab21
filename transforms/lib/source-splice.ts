/**
 * Small text splices for transforms that add a few lines or an argument into code they do not
 * otherwise touch. recast reprints an edited object literal or parameter list in its own
 * style (one property per line), so `{ sku }` would come back as three lines; splicing text at
 * node offsets keeps every untouched byte. Markers queued with ./markers.ts are drained into
 * the same edit list, so one pass produces the output.
 *
 * A transform that returns spliced text has not changed its tree; it must set TEXT_PATCHED on
 * the tree (see ./print.ts) so the engine never reuses that tree for the new text.
 */
import { pendingMarkers } from './markers.ts';
import { detectEol, detectQuote, detectTabWidth, TEXT_PATCHED } from './print.ts';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface SourceStyle {
  eol: string;
  unit: string;
  double: boolean;
}

export function sourceStyle(source: string): SourceStyle {
  const tabs = /^\t/m.test(source) && !/^ {2}/m.test(source);
  return { eol: detectEol(source), unit: tabs ? '\t' : ' '.repeat(detectTabWidth(source)), double: detectQuote(source) === 'double' };
}

/**
 * Generated code is written with two-space indent, single quotes and `\n`; this adapts it to
 * the file and indents every line but the first by `indent`. Generated code must not contain
 * apostrophes outside string delimiters for the quote swap to be exact.
 */
export function styled(code: string, style: SourceStyle, indent: string): string {
  const text = style.double ? code.replace(/'/g, '"') : code;
  return text
    .split('\n')
    .map((line, i) => {
      if (!line) return line;
      const lead = /^( {2})*/.exec(line)![0];
      const body = style.unit.repeat(lead.length / 2) + line.slice(lead.length);
      return i === 0 ? body : indent + body;
    })
    .join(style.eol);
}

export function lineStartOf(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

export function indentOf(source: string, offset: number): string {
  return /^[ \t]*/.exec(source.slice(lineStartOf(source, offset)))![0];
}

/** Offset just past the end of the line holding `offset` (after its line break). */
export function lineEndOf(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  return nl === -1 ? source.length : nl + 1;
}

/** Removes the whole lines a statement occupies. */
export function removeLines(source: string, start: number, end: number): Splice {
  return { start: lineStartOf(source, start), end: lineEndOf(source, end), text: '' };
}

/** Applies non-overlapping splices (insertions at the same offset keep their given order). */
export function applySplices(source: string, splices: Splice[]): string {
  const sorted = splices.map((s, i) => ({ ...s, i })).sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  let out = source;
  let floor = Infinity;
  for (const s of sorted) {
    if (s.end > floor) throw new Error(`overlapping edits at ${s.start}..${s.end}`);
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    floor = s.start;
  }
  return out;
}

/** Moves markers queued for `fileNode` into splices placed above their statements. */
export function drainMarkers(fileNode: object, source: string, style: SourceStyle, offsetOf: (node: object) => number): Splice[] {
  const queued = pendingMarkers.get(fileNode) ?? [];
  pendingMarkers.delete(fileNode);
  return queued.map((m) => {
    const start = offsetOf(m.statement);
    const at = lineStartOf(source, start);
    return { start: at, end: at, text: `${indentOf(source, start)}${m.text}${style.eol}` };
  });
}

/** Marks a tree whose text was spliced, so the engine re-parses the output. */
export function markTextPatched(root: object): void {
  (root as Record<symbol, boolean>)[TEXT_PATCHED] = true;
}
