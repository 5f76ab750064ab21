/**
 * Inserting whole new statements as text, above an existing statement.
 *
 * recast surrounds a reprinted multi-line statement with blank lines and reformats the
 * block around it; a check inserted that way drags unrelated lines into the diff. Instead
 * the lines are queued like markers (./markers.ts) and print() splices them in right above
 * the original text of the statement, with its indentation and the file's line ending, so
 * the diff is exactly the inserted lines.
 */
import { pendingMarkers } from './markers.ts';
import { detectEol, printOptionsFor } from './print.ts';

function fileNodeOf(path: { parentPath?: unknown; node: unknown }): object {
  let p = path as { parentPath?: unknown; node: unknown };
  while (p.parentPath) p = p.parentPath as typeof p;
  return p.node as object;
}

/**
 * Queues `lines` above `statement` (an original statement node of the tree `anyPath`
 * belongs to). A line's leading two-space steps are converted to the file's indent unit.
 */
export function insertLinesBefore(
  anyPath: { parentPath?: unknown; node: unknown },
  statement: { start?: number; end?: number },
  lines: string[],
  source: string,
): void {
  const eol = detectEol(source);
  const { tabWidth, useTabs } = printOptionsFor(source);
  const unit = useTabs ? '\t' : ' '.repeat(tabWidth);
  const lineStart = source.lastIndexOf('\n', (statement.start ?? 0) - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
  const text = lines
    .map((line, i) => {
      const steps = /^( {2})*/.exec(line)![0].length / 2;
      const body = unit.repeat(steps) + line.slice(steps * 2);
      return i === 0 ? body : indent + body;
    })
    .join(eol);
  const key = fileNodeOf(anyPath);
  const list = pendingMarkers.get(key) ?? [];
  list.push({ statement, text });
  pendingMarkers.set(key, list);
}
