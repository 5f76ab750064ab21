/** git-style unified diffs (3 lines of context, a/ b/ headers): what preview, patch and write agree on. */
import { createRequire } from 'node:module';

// Loaded on the first changed file: a run with nothing to change never pays for it.
let jsdiff: typeof import('diff') | undefined;

export function unifiedDiff(rel: string, before: string, after: string): string {
  jsdiff ??= createRequire(import.meta.url)('diff') as typeof import('diff');
  const { createTwoFilesPatch, FILE_HEADERS_ONLY } = jsdiff;
  const body = createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  return `diff --git a/${rel} b/${rel}\n${body}`;
}

const RESET = '\x1b[0m';
const STYLES: Array<[RegExp, string]> = [
  [/^(diff --git|---|\+\+\+) /, '\x1b[1m'],
  [/^@@/, '\x1b[36m'],
  [/^\+/, '\x1b[32m'],
  [/^-/, '\x1b[31m'],
];

export function colorize(diff: string): string {
  return diff
    .split('\n')
    .map((line) => {
      const style = STYLES.find(([re]) => re.test(line));
      return style && line ? `${style[1]}${line}${RESET}` : line;
    })
    .join('\n');
}
