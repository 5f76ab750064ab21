/**
 * The byte-level gate: a transform sees a file only if the file's bytes contain one of
 * the transform's trigger tokens. Most files of a monorepo stop here, undecoded.
 */
import type { TransformModule } from '../../transforms/index.ts';
import { MARKER_PREFIX, IGNORE_PREFIX } from '../../transforms/lib/markers.ts';

export interface Prefilter {
  /** Transforms whose triggers occur in the bytes, in registry order. */
  matching(bytes: Buffer): TransformModule[];
  /** True if the file may hold markers (ours or the official codemod's). */
  mayHaveMarkers(bytes: Buffer): boolean;
}

export const OFFICIAL_MARKER = '@mcp-codemod-error';

export function createPrefilter(transforms: TransformModule[]): Prefilter {
  const compiled = transforms.map((t) => ({ t, tokens: t.meta.triggers.map((s) => Buffer.from(s)) }));
  const markerTokens = [MARKER_PREFIX, IGNORE_PREFIX, OFFICIAL_MARKER].map((s) => Buffer.from(s));
  return {
    matching(bytes) {
      return compiled.filter(({ tokens }) => tokens.some((tok) => bytes.includes(tok))).map(({ t }) => t);
    },
    mayHaveMarkers(bytes) {
      return markerTokens.some((tok) => bytes.includes(tok));
    },
  };
}
