/**
 * Where a file sits in the repo being migrated, by the conventions its maintainers use:
 * test code (never ours to edit), examples, or product source.
 */
const TEST_DIR = /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|e2e|spec|mocks?|fixtures?|testing|test-utils?)\//i;
const TEST_FILE = /\.(test|spec|e2e|mock|fixture)s?\.[cm]?[jt]sx?$|(^|\/)(test|mock)[-_.][^/]*\.[cm]?[jt]sx?$/i;
const EXAMPLE_DIR = /(^|\/)(examples?|demos?|samples?|playground|sandbox)\//i;

export function locationOf(path) {
  if (TEST_DIR.test(path) || TEST_FILE.test(path)) return 'test';
  if (EXAMPLE_DIR.test(path)) return 'example';
  return 'product';
}
