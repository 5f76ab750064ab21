import { describe, expect, it } from 'vitest';
import { holdsMultiLineTemplate, reindent } from '../../transforms/lib/text-edit.ts';

describe('holdsMultiLineTemplate', () => {
  it('two one-line templates on different lines are not one multi-line template', () => {
    expect(holdsMultiLineTemplate('log(`a ${x}`);\nconst y = 1;\nlog(`b`);')).toBe(false);
  });
  it('a line break inside template text is', () => {
    expect(holdsMultiLineTemplate('const s = `first\nsecond`;')).toBe(true);
  });
  it('a line break inside a ${} expression is not template text', () => {
    expect(holdsMultiLineTemplate('const s = `a ${f(\n  x,\n)} b`;')).toBe(false);
  });
  it('backticks in strings and comments do not open a template', () => {
    expect(holdsMultiLineTemplate("const q = '`';\n// a ` here\nconst r = \"`\";")).toBe(false);
  });
  it('nested templates inside an expression are followed', () => {
    expect(holdsMultiLineTemplate('const s = `a ${`inner ${y}`} b\nc`;')).toBe(true);
  });
  it('reindent copies code with one-line templates on several lines', () => {
    expect(reindent('server.tool(`a`, {\n    x: `b`,\n  })', '  ', '')).toBe('server.tool(`a`, {\n  x: `b`,\n})');
  });
});
