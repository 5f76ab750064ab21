/**
 * The byte-level gate: a transform sees a file only if the file's bytes contain one of
 * the transform's trigger tokens. Most files of a monorepo stop here, undecoded.
 */
import type { TransformModule } from '../registry.ts';
import { MARKER_PREFIX, IGNORE_PREFIX } from '../../transforms/lib/markers.ts';

export interface Prefilter {
  /** Transforms whose triggers occur in the bytes, in registry order. */
  matching(bytes: Buffer): TransformModule[];
  /** True if the file may hold markers (ours or the official codemod's). */
  mayHaveMarkers(bytes: Buffer): boolean;
}

export const OFFICIAL_MARKER = '@mcp-codemod-error';

/**
 * One regular expression over the bytes read as latin1 (one char per byte, so a match is
 * exactly a byte match, whatever the tokens' encoding) answers "any token at all?" in one
 * pass; only the few files that pass are checked token by token. On the synthetic 10k tree
 * (47 MB, 17 trigger tokens): 255 ms with one Buffer.includes per token, 104 ms this way.
 */
function anyOf(tokens: Buffer[]): RegExp {
  const alternatives = [...new Set(tokens.map((t) => t.toString('latin1')))].map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return alternatives.length ? new RegExp(alternatives.join('|')) : /$^/;
}

export function createPrefilter(transforms: TransformModule[]): Prefilter {
  // Each trigger is a list of tokens that must all occur (a plain string is a list of one).
  const compiled = transforms.map((t) => ({
    t,
    triggers: t.meta.triggers.map((trigger) => (Array.isArray(trigger) ? trigger : [trigger]).map((s) => Buffer.from(s))),
  }));
  const markerTokens = [MARKER_PREFIX, IGNORE_PREFIX, OFFICIAL_MARKER].map((s) => Buffer.from(s));
  const anyTrigger = anyOf(compiled.flatMap(({ triggers }) => triggers.flat()));
  const anyMarker = anyOf(markerTokens);
  const latin1 = (bytes: Buffer) => bytes.toString('latin1');
  return {
    matching(bytes) {
      if (!anyTrigger.test(latin1(bytes))) return [];
      return compiled
        .filter(({ triggers }) => triggers.some((all) => all.every((tok) => bytes.includes(tok))))
        .map(({ t }) => t);
    },
    mayHaveMarkers(bytes) {
      return anyMarker.test(latin1(bytes));
    },
  };
}
