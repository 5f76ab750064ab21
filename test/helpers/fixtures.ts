import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_ROOT = join(import.meta.dirname, '..', '..', '__testfixtures__');

export interface FixtureCase {
  transform: string;
  name: string;
  inputPath: string;
  outputPath: string;
  /** Repository-relative path handed to the transform (decides the parser). */
  displayPath: string;
}

/** Every `<case>.input.<ext>` under __testfixtures__/<transform>/, sorted. */
export function fixtureCases(transform?: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  const dirs = transform ? [transform] : readdirSync(FIXTURE_ROOT).sort();
  for (const t of dirs) {
    const dir = join(FIXTURE_ROOT, t);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      const m = /^(.*)\.input\.(\w+)$/.exec(f);
      if (!m) continue;
      const outputPath = join(dir, `${m[1]}.output.${m[2]}`);
      cases.push({
        transform: t,
        name: m[1],
        inputPath: join(dir, f),
        outputPath,
        displayPath: `__testfixtures__/${t}/${f}`,
      });
    }
  }
  return cases;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
