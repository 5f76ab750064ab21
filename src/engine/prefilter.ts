/**
 * The byte-level gate: a transform sees a file only if the file's bytes contain one of
 * the transform's trigger tokens. Most files of a monorepo stop here, undecoded.
 */
import type { TransformModule } from '../registry.ts';
import { MARKER_PREFIX, IGNORE_PREFIX } from '../../transforms/lib/markers.ts';
import { IN_MCP_PACKAGE } from '../../transforms/lib/mcp-package.ts';

export interface Prefilter {
  /** Transforms whose triggers occur in the bytes, in registry order. */
  matching(bytes: Buffer): TransformModule[];
  /** True if the file may hold markers (ours or the official codemod's). */
  mayHaveMarkers(bytes: Buffer): boolean;
  /**
   * What a run asks of every file, in one pass over its bytes; `markers` is looked for only
   * when asked (audit): every extra token slows the pass a little for every file.
   * `inMcpPackage` answers a trigger's IN_MCP_PACKAGE token (asked only when the rest of
   * that trigger is in the bytes; without it the token never holds).
   */
  scan(bytes: Buffer, withMarkers: boolean, inMcpPackage?: () => boolean): { matching: TransformModule[]; markers: boolean };
}

export const OFFICIAL_MARKER = '@mcp-codemod-error';

/**
 * One regular expression over the bytes read as latin1 (one char per byte, so a match is
 * exactly a byte match, whatever the tokens' encoding) both answers "any token at all?" and,
 * for the files that have one, says which tokens occur, in the same pass. Checking each
 * token with Buffer.includes instead cost one scan per token per passing file: on the
 * MCP-free synthetic 20k tree (4.6k files hold a common token such as `sessionId`) 132 ms,
 * a fifth of the whole run.
 *
 * Every token is found even where tokens overlap: the search resumes one character after
 * each match, and alternatives are tried longest first, so a token not reported at a
 * position is a prefix of the longer one that was; each match also counts every token it
 * contains.
 */
function tokenScanner(tokens: string[]) {
  const distinct = [...new Set(tokens)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const re = distinct.length ? new RegExp(distinct.map(escape).join('|'), 'g') : undefined;
  const inside = new Map(distinct.map((t) => [t, distinct.filter((u) => t.includes(u))]));
  return {
    /** Tokens present in the text (empty set: none). */
    present(text: string): Set<string> {
      const found = new Set<string>();
      if (!re) return found;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        for (const t of inside.get(m[0])!) found.add(t);
        if (found.size === distinct.length) break;
        re.lastIndex = m.index + 1;
      }
      return found;
    },
  };
}

export function createPrefilter(transforms: TransformModule[]): Prefilter {
  // Each trigger is a list of tokens that must all occur (a plain string is a list of one).
  // Tokens are compared as latin1 strings: one char per byte of their UTF-8 form.
  const latin1Of = (s: string) => Buffer.from(s).toString('latin1');
  const compiled = transforms.map((t) => ({
    t,
    triggers: t.meta.triggers.map((trigger) => (Array.isArray(trigger) ? trigger : [trigger]).map(latin1Of)),
  }));
  const markerTokens = [MARKER_PREFIX, IGNORE_PREFIX, OFFICIAL_MARKER].map(latin1Of);
  // IN_MCP_PACKAGE is not in the bytes: it is a fact about where the file sits.
  const triggerTokens = compiled.flatMap(({ triggers: all }) => all.flat()).filter((tok) => tok !== IN_MCP_PACKAGE);
  const triggersOnly = tokenScanner(triggerTokens);
  const triggersAndMarkers = tokenScanner([...triggerTokens, ...markerTokens]);
  const latin1 = (bytes: Buffer) => bytes.toString('latin1');
  const scan = (bytes: Buffer, withMarkers: boolean, inMcpPackage?: () => boolean) => {
    const present = (withMarkers ? triggersAndMarkers : triggersOnly).present(latin1(bytes));
    if (present.size === 0) return { matching: [], markers: false };
    let inPackage: boolean | undefined;
    // every() stops at the first token missing from the bytes, so the package is looked up
    // only for a trigger whose byte tokens all occur (IN_MCP_PACKAGE comes last in each).
    const holds = (tok: string) => (tok === IN_MCP_PACKAGE ? (inPackage ??= inMcpPackage?.() ?? false) : present.has(tok));
    return {
      matching: compiled.filter(({ triggers: all }) => all.some((ts) => ts.every(holds))).map(({ t }) => t),
      markers: markerTokens.some((m) => present.has(m)),
    };
  };
  return {
    scan,
    matching: (bytes) => scan(bytes, false).matching,
    mayHaveMarkers: (bytes) => scan(bytes, true).markers,
  };
}
