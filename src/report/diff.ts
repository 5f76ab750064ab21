/** git-style unified diffs (3 lines of context, a/ b/ headers): what preview, patch and write agree on. */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

export function unifiedDiff(rel: string, before: string, after: string): string {
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
