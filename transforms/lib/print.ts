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
 * recast glues the next line onto a `#!` line when the statement under it is removed
 * (`#!/usr/bin/env nodeimport …`): the file would no longer parse.
 */
export function keepHashbangLine(out: string, source: string): string {
  const bang = /^#![^\r\n]*/.exec(source)?.[0];
  if (!bang || !out.startsWith(bang)) return out;
  const rest = out.slice(bang.length);
  return rest === '' || /^\r?\n/.test(rest) ? out : bang + detectEol(source) + rest;
}

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
 * How far into its first line's code (after the indentation) the statement at `loc`
 * starts: 0 when the statement begins its line. Columns are those recast hands babel,
 * with leading tabs expanded to recast's parse-time width of 4.
 */
export function offsetInLine(source: string, loc: { start: { line: number; column?: number } }): number {
  const line = source.split('\n')[loc.start.line - 1] ?? '';
  const lead = /^[ \t]*/.exec(line)![0];
  let width = 0;
  for (const c of lead) width = c === '\t' ? width + 4 - (width % 4) : width + 1;
  return Math.max(0, (loc.start.column ?? 0) - width);
}

/**
 * Puts each marker line above its statement in the printed output. A statement we mark is
 * one we refused to rewrite, so its original lines are still in the output.
 *
 * When code precedes the statement on its line (bundled and minified code), the line's start
 * may sit inside that code, in a template literal for one: a line inserted there would change
 * the string or, with a backtick in the text, end it. The text then goes on the statement's
 * own line, right before it, where a token always ends.
 *
 * Every place is found in the output as printed, before any splice: markers that share a line
 * would otherwise no longer find it. They are then spliced from the last line and column
 * backwards, so the places still to splice stay valid.
 */
function spliceMarkers(out: string, source: string, markers: PendingMarker[]): string {
  const outLines = out.split('\n');
  const places = markers.flatMap((marker, queued) => {
    const loc = marker.statement.loc;
    const line = loc ? locateStatementLines(outLines, source, loc) : -1;
    return line === -1 ? [] : [{ marker, line, offset: offsetInLine(source, loc!), queued }];
  });
  // Texts queued for one place keep their queue order, the first on top.
  places.sort((a, b) => b.line - a.line || b.offset - a.offset || b.queued - a.queued);
  for (const { marker, line: at, offset } of places) {
    const line = outLines[at];
    const indent = /^[ \t]*/.exec(line)![0];
    if (offset > 0) {
      const column = indent.length + offset;
      outLines[at] = `${line.slice(0, column)}${marker.text} ${line.slice(column)}`;
    } else {
      outLines.splice(at, 0, `${indent}${marker.text}${line.endsWith('\r') ? '\r' : ''}`);
    }
  }
  return outLines.join('\n');
}

export function print(root: Collection, source: string): string {
  const options = printOptionsFor(source);
  let out = keepHashbangLine(root.toSource(options), source);
  const fileNode = root.get().node as object;
  const markers = pendingMarkers.get(fileNode);
  if (markers?.length) {
    pendingMarkers.delete(fileNode);
    out = spliceMarkers(out, source, markers);
  }
  return out;
}

/**
 * recast prints every import declaration it touches (a specifier pruned, one added) with a
 * semicolon; in a file written without them, such a line loses it again. Lines already in the
 * source as they are keep theirs.
 */
export function importSemicolons(text: string, original: string, semi: boolean | undefined): string {
  if (semi !== false) return text;
  const had = new Set(original.split(/\r?\n/));
  return text.replace(/^((?:import|\}|export)\b[^\n;]*?\bfrom\s*(['"])[^'"\n]+\2);(\r?)$/gm, (line, stmt: string, _q, cr: string) =>
    (had.has(line.replace(/\r$/, '')) ? line : stmt + cr));
}

