/**
 * Marker comments: `/* mcp-migrate(rule-id): what to do, and why *\/`.
 * Always above the enclosing statement (never mid-expression), inserted once, with the
 * comment terminator escaped so a message can never close the comment early.
 *
 * Why markers are spliced in as text at print time rather than attached as AST comments:
 * recast reprints any node whose comment list changed from scratch (a marked
 * `function  f( a )` would come back reformatted, a switch would lose its case indent).
 * print() in ./print.ts places each pending marker right above the statement's original
 * text, so nothing but the marker line enters the diff.
 */
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { report, type ReportContext } from './report.ts';
import type { Severity } from '../../src/findings.ts';

export const MARKER_PREFIX = 'mcp-migrate(';
export const IGNORE_PREFIX = 'mcp-migrate-ignore(';

export interface PendingMarker {
  statement: { loc?: { start: { line: number; column?: number }; end: { line: number } }; comments?: unknown[] };
  text: string;
}

/** Markers waiting for print(), keyed by the File node of the tree they belong to. */
export const pendingMarkers = new WeakMap<object, PendingMarker[]>();

export function markerComment(rule: string, message: string): string {
  return `/* ${MARKER_PREFIX}${rule}): ${message.replace(/\*\//g, '*\\/').replace(/\r?\n/g, ' ')} */`;
}

export function statementOf(path: ASTPath): ASTPath {
  let p: ASTPath | null = path;
  while (p && p.parentPath) {
    const parentNode = p.parentPath.node as { type: string } | undefined;
    const isBodyMember =
      Array.isArray(p.parentPath.value) &&
      (parentNode?.type === 'Program' || parentNode?.type === 'BlockStatement' || parentNode?.type === 'SwitchCase' ||
        parentNode?.type === 'StaticBlock' || parentNode?.type === 'ClassBody');
    if (/(Statement|Declaration|ClassMethod|ClassProperty|MethodDefinition)$/.test((p.node as { type: string }).type) && isBodyMember) return p;
    if ((p.node as { type: string }).type === 'SwitchCase') return p;
    p = p.parentPath as ASTPath;
  }
  return path;
}

function fileNodeOf(path: ASTPath): object {
  let p: ASTPath = path;
  while (p.parentPath) p = p.parentPath as ASTPath;
  return p.node as object;
}

type Commented = { comments?: Array<{ value: string }> };

/** True when the statement around `path` carries a comment containing `needle`. */
export function hasComment(path: ASTPath, needle: string): boolean {
  const stmt = statementOf(path).node as Commented;
  return (stmt.comments ?? []).some((c) => c.value.includes(needle));
}

/** `// mcp-migrate-ignore(rule-id)` above a statement opts it out of that rule. */
export function isIgnored(path: ASTPath, rule: string): boolean {
  return hasComment(path, `${IGNORE_PREFIX}${rule})`);
}

export interface MarkInput {
  rule: string;
  category?: string;
  severity?: Severity;
  message: string;
}

/**
 * Reports a `manual` finding and queues a marker above the statement holding `path`.
 * Returns true when a marker was newly queued (the file will change).
 */
export function mark(_j: JSCodeshift, ctx: ReportContext, path: ASTPath, input: MarkInput): boolean {
  // One finding and one marker per message and function: the same advice on every statement
  // of a handler is noise (real repos got dozens). Counted whether the marker is new or was
  // left by an earlier run, so a second run does not mark the next statement.
  const scope = enclosingFunctionNode(path);
  const said = markedInScope.get(scope) ?? new Set<string>();
  const key = `${input.rule}\0${input.message}`;
  if (said.has(key)) return false;
  said.add(key);
  markedInScope.set(scope, said);
  report(ctx, {
    rule: input.rule,
    category: input.category,
    severity: input.severity ?? 'warning',
    resolution: 'manual',
    message: input.message,
    node: path,
  });
  const stmt = statementOf(path);
  const text = markerComment(input.rule, input.message);
  const body = text.slice(3, -3);
  if (hasComment(stmt, body.trim())) return false;
  const file = fileNodeOf(path);
  const list = pendingMarkers.get(file) ?? [];
  if (list.some((m) => m.statement === stmt.node && m.text === text)) return false;
  list.push({ statement: stmt.node as PendingMarker['statement'], text });
  pendingMarkers.set(file, list);
  return true;
}

/** Messages already marked (or found marked) per function node, or per file outside functions. */
const markedInScope = new WeakMap<object, Set<string>>();

function enclosingFunctionNode(path: ASTPath): object {
  let p: ASTPath | null = path.parentPath as ASTPath | null;
  while (p) {
    if (/Function|ObjectMethod|ClassMethod|ClassPrivateMethod/.test((p.node as { type: string }).type)) return p.node as object;
    if (!p.parentPath) return p.node as object;
    p = p.parentPath as ASTPath;
  }
  return fileNodeOf(path);
}
