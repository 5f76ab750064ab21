/**
 * Hand-judged marker samples: bench/trial/judged.tsv (the current rules) and judged-<commit>.tsv
 * (earlier rules, kept to compare). Each file's first line says what was judged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTsv, JUDGED_COLUMNS } from './tsv.mjs';

export function readJudgedSamples(dir) {
  return readdirSync(dir)
    .filter((f) => /^judged(-[\w.-]+)?\.tsv$/.test(f))
    .sort()
    .map((file) => ({ file, header: readFileSync(join(dir, file), 'utf8').split('\n')[0].replace(/^#\s*/, ''), rows: readTsv(join(dir, file), JUDGED_COLUMNS) }));
}
