/**
 * Offsets in a file's own text, from a node's line/column. The parser does not see the file's
 * text but recast's rendering of it: lines split at every ECMAScript line terminator (CRLF, LF,
 * U+2028, U+2029) and joined with `\n`, and each line's leading whitespace re-rendered as
 * `indent` spaces (a tab counts up to the next multiple of 4). So `node.start` drifts by one per
 * CRLF and a column on a tab-indented line is off by the tab expansion. recast keeps each line's
 * original text and measured indent (`loc.lines.infos`), which maps a column back exactly.
 */
type N = Record<string, any>;

interface LineInfo { line: string; indent: number; sliceStart: number }
export interface Pos { line: number; column: number }

export class SourceOffsets {
  private readonly starts: number[] = [];
  /** Line starts in the text the parser saw (indents rendered as spaces, lines joined by `\n`). */
  private readonly parsedStarts: number[] = [];
  private readonly infos: LineInfo[];

  /** `file` is the File node recast returned for `source` (its own text, or that text with CRLF made LF). */
  constructor(file: N, source: string) {
    this.infos = ((file.loc as N | undefined)?.lines?.infos ?? []) as LineInfo[];
    let pos = 0;
    let parsed = 0;
    for (const info of this.infos) {
      this.starts.push(pos);
      this.parsedStarts.push(parsed);
      parsed += info.indent + info.line.length - info.sliceStart + 1;
      pos += info.line.length;
      pos += source.startsWith('\r\n', pos) ? 2 : 1;
    }
    if (!this.infos.length || pos !== source.length + 1) throw new Error('recast line table does not match the source');
  }

  of(pos: Pos): number {
    const info = this.infos[pos.line - 1];
    const col = pos.column >= info.indent ? info.sliceStart + pos.column - info.indent : Math.min(pos.column, info.sliceStart);
    return this.starts[pos.line - 1] + col;
  }

  /** The offset in the source of a parser offset (`node.start`; recast leaves some nodes without `loc`). */
  fromParsed(offset: number): number {
    let lo = 0;
    let hi = this.parsedStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.parsedStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.of({ line: lo + 1, column: offset - this.parsedStarts[lo] });
  }

  /** True when some line's leading whitespace is not the spaces recast rendered (tabs). */
  get drifts(): boolean {
    return this.infos.some((i) => i.sliceStart !== i.indent);
  }
}

/**
 * Sets every node's and comment's `start`/`end` to offsets in `source`, for code that splices
 * text by node offsets. A no-op on files whose indentation holds no tabs.
 */
export function alignOffsets(file: N, source: string): void {
  let map: SourceOffsets;
  try {
    map = new SourceOffsets(file, source);
  } catch {
    return; // line terminators recast counts differently (bare CR, U+2028): left as parsed
  }
  if (!map.drifts) return;
  const seen = new Set<object>();
  const visit = (n: N): void => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) {
      for (const k of n) visit(k);
      return;
    }
    if (typeof n.type === 'string' && typeof n.start === 'number' && typeof n.end === 'number') {
      n.start = map.fromParsed(n.start);
      n.end = map.fromParsed(n.end);
    }
    // `original` (not enumerable) is the parser's node recast copied this one from: it must
    // move with it, or recast takes every node for changed and reprints the whole file.
    if (n.original) visit(n.original);
    for (const key of Object.keys(n)) {
      if (key === 'loc' || key === 'tokens') continue;
      const v = n[key];
      if (v && typeof v === 'object') visit(v);
    }
  };
  visit(file);
}
