/**
 * Passed/failed counts from the closing lines of the test runners real repos use
 * (vitest, jest, node:test, mocha, tap). Several runs in one output (workspaces) add up.
 */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function testCounts(output) {
  const text = output.replace(ANSI, '');
  let passed = 0;
  let failed = 0;
  let found = false;
  const add = (p, f) => { passed += Number(p ?? 0); failed += Number(f ?? 0); found = true; };
  for (const m of text.matchAll(/^\s*Tests\s+(?:(\d+) failed)?[\s|]*(?:(\d+) passed)?[^\n]*\(\d+\)/gm)) add(m[2], m[1]);
  for (const m of text.matchAll(/^Tests:\s+(?:(\d+) failed, )?(?:\d+ skipped, )?(?:\d+ todo, )?(?:(\d+) passed, )?\d+ total/gm)) add(m[2], m[1]);
  for (const m of text.matchAll(/^(?:#|ℹ) pass (\d+)\s*\n(?:[^\n]*\n)*?(?:#|ℹ) fail (\d+)/gm)) add(m[1], m[2]);
  for (const m of text.matchAll(/^\s*(\d+) passing[^\n]*\n(?:\s*\d+ pending[^\n]*\n)?(?:\s*(\d+) failing)?/gm)) add(m[1], m[2]);
  return found ? { passed, failed } : undefined;
}

export function typeErrors(output) {
  return (output.replace(ANSI, '').match(/error TS\d+/g) ?? []).length;
}
