/**
 * Test code of the repo being migrated: its tests, mocks, fixtures and e2e helpers. They are
 * not ours to edit or mark (a rewritten test no longer tests what its authors meant, and a
 * test that plays a 2025 client must keep sending the session header), so by default their
 * sites are only counted, one `info` finding per file; `--include-tests` opts in.
 */
import type { Finding } from '../findings.ts';

// A conformance harness (`conformance/support/client.ts`) drives the code under test as a test does.
const TEST_DIR = /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|e2e|spec|specs|mocks?|fixtures?|testing|conformance|tests?[-_][^/]+)\//i;
const TEST_FILE = /\.(test|spec|e2e|mock|fixture)s?\.[cm]?[jt]sx?$|(^|\/)(test|mock)[-_][^/]*\.[cm]?[jt]sx?$/i;
const TEST_RUNNER = /\bfrom\s*['"](vitest|@jest\/globals|node:test|mocha|ava|tap|uvu|@playwright\/test|bun:test)['"]|\brequire\(\s*['"](node:test|mocha|ava|tap)['"]\s*\)/;

// A mock or fixture named by a word of its file name (`index.integration-with-mock.ts`, a
// server wired to mock clients for integration tests).
const TEST_WORDS = new Set(['mock', 'mocks', 'mocked', 'fixture', 'fixtures', 'stub', 'stubs']);

function namesATestDouble(rel: string): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/i, '');
  return base.toLowerCase().split(/[.\-_]/).some((w) => TEST_WORDS.has(w));
}

export function isTestPath(rel: string): boolean {
  return TEST_DIR.test(rel) || TEST_FILE.test(rel) || namesATestDouble(rel);
}

export function isTestFile(rel: string, text: string): boolean {
  return isTestPath(rel) || TEST_RUNNER.test(text);
}

export const TEST_SITES_CATEGORY = 'test-file-sites';

/** The one finding that stands for every site a test file holds, or none if it holds none. */
export function testFileFinding(rel: string, findings: Finding[]): Finding[] {
  const sites = findings.filter((f) => f.rule !== 'engine');
  if (sites.length === 0) return [];
  const rules = [...new Set(sites.map((f) => f.rule))].sort();
  return [{
    rule: 'engine',
    category: TEST_SITES_CATEGORY,
    severity: 'info',
    file: rel,
    line: Math.min(...sites.map((f) => f.line)),
    column: 1,
    message: `${sites.length} site${sites.length === 1 ? '' : 's'} (${rules.join(', ')}) in a test, mock or fixture file: not edited or marked; run with --include-tests to migrate them`,
    resolution: 'manual',
  }];
}
