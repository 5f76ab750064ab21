/**
 * Replacing the lines of one statement in printed output, for a rewrite that turns one
 * statement into several (e.g. `return X;` → `const m = X;` + a check + `return m;`).
 *
 * Why after print(): insertions (./insert-text.ts) anchor on a statement's original lines, so
 * the statement cannot also be edited in the tree; and recast would reprint an edited
 * multi-line statement in its own style. The caller leaves the statement untouched in the
 * tree, prints, then swaps its lines here. The statement is found by its original lines,
 * compared trimmed (CRLF and tab expansion cannot throw the match off), nearest the old
 * position when they occur more than once, as print() places markers.
 */
import { detectEol, indentUnit, locateStatementLines } from './print.ts';

type Loc = { start: { line: number }; end: { line: number } };

/** The statement's original lines (without line terminators). */
export function originalLines(source: string, loc: Loc): string[] {
  return source.split('\n').slice(loc.start.line - 1, loc.end.line).map((l) => l.replace(/\r$/, ''));
}

/**
 * Replaces the lines of the statement at `loc` (in `source`) with `lines` in `out`. A line's
 * leading two-space steps become the file's indent unit; every line is indented like the
 * statement's first line, except lines given verbatim (`{ verbatim: text }`), which are taken
 * as they are. Returns undefined when the statement's lines are not found in `out`.
 */
export function replaceStatementLines(
  out: string,
  source: string,
  loc: Loc,
  lines: Array<string | { verbatim: string }>,
): string | undefined {
  const count = loc.end.line - loc.start.line + 1;
  const outLines = out.split('\n');
  const best = locateStatementLines(outLines, source, loc);
  if (best === -1) return undefined;
  const eol = detectEol(source);
  const unit = indentUnit(source);
  const indent = /^[ \t]*/.exec(outLines[best])![0];
  const cr = eol === '\r\n' ? '\r' : '';
  const text = lines.map((line) => {
    if (typeof line !== 'string') return line.verbatim + cr;
    if (!line) return cr;
    const steps = /^( {2})*/.exec(line)![0].length / 2;
    return indent + unit.repeat(steps) + line.slice(steps * 2) + cr;
  });
  // Keep the last replaced line's terminator as it was (a file without a final newline).
  const lastOld = outLines[best + count - 1];
  if (!lastOld.endsWith('\r') && text.length) text[text.length - 1] = text[text.length - 1].replace(/\r$/, '');
  outLines.splice(best, count, ...text);
  return outLines.join('\n');
}
