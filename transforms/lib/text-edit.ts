/**
 * Text-level rewrites for transforms that replace regions (a handler body, a declaration)
 * with generated code or add a few lines or an argument to code they do not otherwise
 * touch. recast pretty-prints new and edited nodes in its own style (object literals
 * exploded one property per line, blank lines dropped); splicing text at node offsets keeps
 * every untouched byte and lets generated code follow the file's indent, quotes and line
 * endings.
 *
 * A transform that returns spliced text has not changed its tree: it must re-parse before
 * further AST work on the new text (stateless-transport does). The engine never reuses a
 * tree for a changed text.
 */
import { pendingMarkers } from './markers.ts';
import { detectEol, detectQuote, indentUnit } from './print.ts';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits (insertions at the same offset keep their given order);
 * throws on overlap so a bug can never interleave two rewrites.
 */
export function applyEdits(source: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  let out = source;
  let floor = Infinity;
  for (const e of sorted) {
    if (e.end > floor) throw new Error(`overlapping text edits at ${e.start}..${e.end}`);
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    floor = e.start;
  }
  return out;
}

export interface Style {
  eol: string;
  unit: string;
  quote: "'" | '"';
  /** False for files written without statement semicolons (standard, antfu): generated lines follow. */
  semi?: boolean;
}

/** A file writes semicolons unless almost none of its code lines end with one. */
function detectSemi(source: string): boolean {
  const code = source.split('\n').map((l) => l.trim()).filter((l) => l && !/^(\/\/|\/?\*)/.test(l));
  if (code.length < 5) return true;
  return code.filter((l) => l.endsWith(';')).length >= code.length * 0.05;
}

/** Rendered statement lines (each a whole line of its own) lose their trailing `;` in a semicolon-less file. */
function semiStyled(text: string, style: Style): string {
  return style.semi === false ? text.replace(/;$/, '') : text;
}

export function styleOf(source: string): Style {
  return {
    eol: detectEol(source),
    unit: indentUnit(source),
    quote: detectQuote(source) === 'double' ? '"' : "'",
    semi: detectSemi(source),
  };
}

export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Indentation of the line holding `offset`. */
export function indentAt(source: string, offset: number): string {
  const start = lineStart(source, offset);
  return /^[ \t]*/.exec(source.slice(start))![0];
}

/** Offset just past the end of the line holding `offset` (after its line break). */
export function lineEnd(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  return nl === -1 ? source.length : nl + 1;
}

/** Removes the whole lines a statement occupies. */
export function removeLines(source: string, start: number, end: number): TextEdit {
  return { start: lineStart(source, start), end: lineEnd(source, end), text: '' };
}

/**
 * Removes a whole statement: from the start of its line to the end of its line
 * (and one blank line after it when it was set off by blank lines on both sides).
 */
export function statementRemoval(source: string, start: number, end: number): TextEdit {
  let from = lineStart(source, start);
  if (source.slice(from, start).trim() !== '') from = start;
  let to = end;
  const nl = source.indexOf('\n', end);
  if (nl !== -1 && source.slice(end, nl).trim() === '') to = nl + 1;
  else if (nl === -1) to = source.length;
  // Collapse the blank line that separated this statement from the next one.
  const before = source.slice(0, from);
  const blankBefore = /\n[ \t]*\r?\n$/.test(before) || from === 0;
  const after = /^[ \t]*\r?\n/.exec(source.slice(to));
  if (blankBefore && after) to += after[0].length;
  return { start: from, end: to, text: '' };
}

/**
 * A line break inside a template literal's text (re-indenting would change that text). A small
 * scanner over strings, comments and backticks: a regex across the snippet took the code
 * between two one-line templates on different lines for one multi-line template.
 */
export function holdsMultiLineTemplate(code: string): boolean {
  const stack: Array<'template' | 'expr'> = [];
  let braces = 0;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    const inTemplate = stack[stack.length - 1] === 'template';
    if (inTemplate) {
      if (ch === '\\') i++;
      else if (ch === '`') stack.pop();
      else if (ch === '$' && code[i + 1] === '{') { stack.push('expr'); i++; }
      else if (ch === '\n') return true;
      continue;
    }
    if (ch === '/' && code[i + 1] === '/') { const nl = code.indexOf('\n', i); i = nl === -1 ? code.length : nl - 1; continue; }
    if (ch === '/' && code[i + 1] === '*') { const end = code.indexOf('*/', i + 2); i = end === -1 ? code.length : end + 1; continue; }
    if (ch === "'" || ch === '"') {
      for (i++; i < code.length && code[i] !== ch && code[i] !== '\n'; i++) if (code[i] === '\\') i++;
      continue;
    }
    if (ch === '`') stack.push('template');
    else if (ch === '{' && stack.length) braces++;
    else if (ch === '}' && stack[stack.length - 1] === 'expr') {
      if (braces === 0) stack.pop();
      else braces--;
    }
  }
  return false;
}

/**
 * Re-indents a copied multi-line snippet whose first line sat at `fromIndent` so it sits
 * at `toIndent`. Returns undefined when the snippet holds a multi-line template literal,
 * whose content would change by re-indenting.
 */
export function reindent(snippet: string, fromIndent: string, toIndent: string): string | undefined {
  if (!snippet.includes('\n')) return snippet;
  if (holdsMultiLineTemplate(snippet)) return undefined;
  return snippet
    .split('\n')
    .map((line, i) => {
      if (i === 0) return line;
      if (line.trim() === '') return line.replace(/^[ \t]+/, '');
      return line.startsWith(fromIndent) ? toIndent + line.slice(fromIndent.length) : line;
    })
    .join('\n');
}

/**
 * Renders generated lines. Each entry is [depth, text]; text written with single quotes
 * is converted to the file's quote style (generated text never nests quotes); `raw`
 * entries (copied user code, re-indented to depth 0 with reindent(text, itsIndent, ''))
 * are indented line by line and keep their quotes.
 */
export type GenLine = [number, string] | { depth: number; raw: string };

export function render(lines: GenLine[], indent: string, style: Style): string {
  return lines
    .map((l) => {
      if ('raw' in l) {
        const pad = indent + style.unit.repeat(l.depth);
        return l.raw.split('\n').map((line) => (line.trim() === '' ? '' : pad + line)).join('\n');
      }
      const [depth, text] = l;
      const quoted = style.quote === '"' ? text.replace(/'/g, '"') : text;
      return indent + style.unit.repeat(depth) + semiStyled(quoted, style);
    })
    .join('\n')
    .replace(/\r?\n/g, style.eol);
}

/**
 * Generated code is written with two-space indent, single quotes and `\n`; this adapts it to
 * the file and indents every line but the first by `indent`. Generated code must not contain
 * apostrophes outside string delimiters for the quote swap to be exact.
 */
export function styled(code: string, style: Style, indent: string): string {
  const text = style.quote === '"' ? code.replace(/'/g, '"') : code;
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

/** Moves markers queued for `fileNode` into edits placed above their statements. */
export function drainMarkers(fileNode: object, source: string, style: Style, offsetOf: (node: object) => number): TextEdit[] {
  const queued = pendingMarkers.get(fileNode) ?? [];
  pendingMarkers.delete(fileNode);
  return queued.map((m) => {
    const start = offsetOf(m.statement);
    const at = lineStart(source, start);
    return { start: at, end: at, text: `${indentAt(source, start)}${m.text}${style.eol}` };
  });
}
