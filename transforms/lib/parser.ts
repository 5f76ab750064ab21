/** Which jscodeshift parser reads a file, by extension (one place, engine and tests). */
export type ParserName = 'ts' | 'tsx' | 'babylon';

export function parserFor(path: string): ParserName {
  if (/\.tsx$/i.test(path)) return 'tsx';
  if (/\.[mc]?ts$/i.test(path)) return 'ts';
  // .js .jsx .mjs .cjs: JSX on, as in jscodeshift's own default.
  return 'babylon';
}

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
