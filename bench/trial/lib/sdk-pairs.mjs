/**
 * The SDK's own migration as referee: each v1.x example that has a counterpart on `main`,
 * after our `--sdk v2` run, either reproduces the maintainers' shapes, improves on the
 * input, leaves it unchanged, or makes it worse (does not parse, deletes client session
 * handling, loses a shape the input had).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const SHAPES = {
  createMcpHandler: /\bcreateMcpHandler\s*\(/,
  toNodeHandler: /\btoNodeHandler\s*\(/,
  serveStdio: /\bserveStdio\s*\(/,
  'legacy:stateless': /legacy\s*:\s*['"]stateless['"]|\bcreateMcpHandler\s*\((?![^;]*legacy\s*:)/,
  'legacy:reject': /legacy\s*:\s*['"]reject['"]/,
  isLegacyRequest: /\bisLegacyRequest\s*\(/,
  'finishAuth(params)': /\bfinishAuth\s*\(\s*(?:[\w.]*(?:params|searchParams|query)\b|[^,()]+,\s*[\w.]*iss\b)/i,
  versionNegotiation: /\bversionNegotiation\b/,
  'server-legacy/sse': /server-legacy\/sse/,
  '410': /\b410\b/,
  'explicit-handles': /\bopen_\w+|\w+_id\s*:\s*z\.|\bhandle\b/,
  requestState: /\brequestState\b/,
  // The maintainers kept some stories sessionful for 2025 clients on purpose.
  'sessionful-2025': /sessionIdGenerator\s*:\s*(?!undefined\b)/,
};

export function shapesIn(text) {
  return Object.keys(SHAPES).filter((k) => SHAPES[k].test(text));
}

/** One verdict per pair; `before`/`after` are the v1 file's text before and after migrate. */
export function judgePair(pair, before, after, mainText, inspected) {
  const wanted = pair.shapes.split(',').map((s) => s.trim()).filter((s) => s && s !== '-');
  const unknown = wanted.filter((w) => !SHAPES[w]);
  const inMain = mainText === undefined ? [] : wanted.filter((w) => SHAPES[w]?.test(mainText));
  const had = new Set(before === undefined ? [] : shapesIn(before));
  const has = new Set(after === undefined ? [] : shapesIn(after));
  const file = inspected.find((f) => f.path === pair.v1path);
  const changed = before !== undefined && after !== undefined && before !== after;
  let verdict;
  if (!pair.mainpath || pair.mainpath === '-') verdict = 'no counterpart';
  else if (before === undefined) verdict = 'missing';
  else if (file && (file.parses === false && file.parsedBefore !== false)) verdict = 'worse';
  else if (file && file.clientSessionDeletions > 0) verdict = 'worse';
  else if ([...had].some((s) => wanted.includes(s) && !has.has(s))) verdict = 'worse';
  else if (wanted.length && wanted.every((w) => has.has(w))) verdict = 'reproduces';
  else if (changed) verdict = 'improves';
  else verdict = 'unchanged';
  return {
    v1path: pair.v1path, mainpath: pair.mainpath, wanted, unknown,
    confirmedInMain: inMain, got: wanted.filter((w) => has.has(w)), markers: file?.markers?.length ?? 0, verdict,
  };
}

export function readIfExists(dir, path) {
  const p = join(dir, path);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

const RANK = ['reproduces', 'improves', 'unchanged', 'missing'];

/**
 * One verdict per v1.x file, which may have several counterparts on main: worse if any pair
 * says so (the output itself is at fault), else the best one; files without a counterpart
 * are left out of the count.
 */
export function verdictsPerFile(judged) {
  const byFile = new Map();
  for (const p of judged) byFile.set(p.v1path, [...(byFile.get(p.v1path) ?? []), p.verdict]);
  const out = {};
  for (const [file, vs] of byFile) {
    const v = vs.includes('worse') ? 'worse' : RANK.find((r) => vs.includes(r)) ?? 'no counterpart';
    out[file] = v;
  }
  return out;
}
