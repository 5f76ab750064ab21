/**
 * Inserting whole new statements as text, above an existing statement.
 *
 * recast surrounds a reprinted multi-line statement with blank lines and reformats the
 * block around it; a check inserted that way drags unrelated lines into the diff. Instead
 * the lines are queued like markers (./markers.ts) and print() splices them in right above
 * the original lines of the statement, with its indentation and the file's line ending, so
 * the diff is exactly the inserted lines. Positions are by line (`loc`), as print() finds
 * statements by their original lines.
 */
import { pendingMarkers, type PendingMarker } from './markers.ts';
import { detectEol, indentUnit } from './print.ts';

type Loc = { start: { line: number; column?: number }; end: { line: number } };

function fileNodeOf(path: { parentPath?: unknown; node: unknown }): object {
  let p = path as { parentPath?: unknown; node: unknown };
  while (p.parentPath) p = p.parentPath as typeof p;
  return p.node as object;
}

/**
 * Queues `lines` above `statement` (an original statement node of the tree `anyPath`
 * belongs to). A line's leading two-space steps become the file's indent unit.
 * Returns false when the statement has no position (nothing queued).
 */
export function insertLinesBefore(
  anyPath: { parentPath?: unknown; node: unknown },
  statement: { loc?: Loc | null },
  lines: string[],
  source: string,
): boolean {
  const loc = statement.loc;
  if (!loc) return false;
  const eol = detectEol(source);
  const unit = indentUnit(source);
  const indent = /^[ \t]*/.exec(source.split('\n')[loc.start.line - 1] ?? '')![0];
  const text = lines
    .map((line, i) => {
      const steps = /^( {2})*/.exec(line)![0].length / 2;
      const body = unit.repeat(steps) + line.slice(steps * 2);
      return i === 0 || !body ? body : indent + body;
    })
    .join(eol);
  const key = fileNodeOf(anyPath);
  const list = pendingMarkers.get(key) ?? [];
  // print() finds each anchor by its original lines. An anchor statement that will hold
  // another insertion no longer reads as it did, so such anchors shrink to their first
  // line, which an insertion (whole lines, above a statement) never changes.
  const firstLine = (l: Loc) => ({ loc: { start: { line: l.start.line, column: l.start.column }, end: { line: l.start.line } } });
  let anchor: PendingMarker['statement'] = { loc: { start: { line: loc.start.line, column: loc.start.column }, end: { line: loc.end.line } } };
  for (const entry of list) {
    const l = entry.statement.loc;
    if (!l) continue;
    if (l.start.line < loc.start.line && loc.start.line <= l.end.line) entry.statement = firstLine(l);
    if (loc.start.line < l.start.line && l.start.line <= loc.end.line) anchor = firstLine(loc);
  }
  list.push({ statement: anchor, text });
  pendingMarkers.set(key, list);
  return true;
}
