/**
 * Markers already in the tree: ours (`/* mcp-migrate(rule): … *\/`), opt-outs
 * (`mcp-migrate-ignore(rule)`), and the official v1-to-v2 codemod's `@mcp-codemod-error`.
 * A plain text scan: markers are comments, so no parse is needed.
 */
import { OFFICIAL_MARKER } from './prefilter.ts';

export interface MarkerHit {
  kind: 'marker' | 'ignore' | 'official';
  rule: string;
  line: number;
  text: string;
}

const PATTERN = /mcp-migrate\(([\w-]+)\):\s*([^\n]*?)\s*\*\/|mcp-migrate-ignore\(([\w-]+)\)([^\n]*)|@mcp-codemod-error\s*([^\n]*?)\s*(?:\*\/|$)/gm;

export function scanMarkers(text: string): MarkerHit[] {
  const hits: MarkerHit[] = [];
  let lineStarts: number[] | undefined;
  const lineOf = (offset: number) => {
    lineStarts ??= [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const m of text.matchAll(PATTERN)) {
    const line = lineOf(m.index!);
    if (m[1]) hits.push({ kind: 'marker', rule: m[1], line, text: m[2].trim() });
    else if (m[3]) hits.push({ kind: 'ignore', rule: m[3], line, text: m[4].replace(/^[:\s]+|\s*\*\/\s*$/g, '').trim() });
    else hits.push({ kind: 'official', rule: OFFICIAL_MARKER, line, text: (m[5] ?? '').trim() });
  }
  return hits;
}
