import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { editCatalogs, readCatalogs } from '../../src/pins/catalog.ts';
import { supportOf, toSemver } from '../../src/pins/facts.ts';
import { readGoMod } from '../../src/pins/go.ts';
import { editJson, JsonEditError } from '../../src/pins/json-edit.ts';
import { readPyproject, readRequirements } from '../../src/pins/python.ts';
import { rewriteSpec } from '../../src/pins/range.ts';

describe('rewriteSpec keeps the operator style', () => {
  const cases: [string, string, string][] = [
    ['^1.12.0', '2.4.0', '^2.4.0'],
    ['~1.10.3', '2.4.0', '~2.4.0'],
    ['1.20.0', '2.4.0', '2.4.0'],
    ['=1.20.0', '2.4.0', '=2.4.0'],
    ['>=1.0.0', '2.4.0', '>=2.4.0'],
    ['^1.12', '2.4.0', '^2.4'],
    ['~1', '2.4.0', '~2'],
    ['1.x', '2.4.0', '2.x'],
    ['1.2.x', '2.4.0', '2.4.x'],
    ['^v1.2.3', '2.4.0', '^v2.4.0'],
    ['^2.0.0-beta.1', '2.4.0', '^2.4.0'],
  ];
  it.each(cases)('%s → %s gives %s', (spec, target, want) => {
    expect(rewriteSpec(spec, target)).toEqual({ spec: want });
  });

  const refused: [string, RegExp][] = [
    ['workspace:*', /workspace:/],
    ['catalog:', /catalog/],
    ['file:../sdk', /file:/],
    ['link:../sdk', /link:/],
    ['npm:@acme/mcp-sdk@^1.0.0', /alias/],
    ['git+https://github.com/acme/sdk.git#v1', /git/],
    ['github:acme/sdk#v1', /git/],
    ['acme/sdk#v1', /GitHub shorthand/],
    ['https://example.com/sdk-1.0.0.tgz', /URL/],
    ['>=1.0.0 <2.0.0', /compound/],
    ['^1.0.0 || ^2.0.0', /compound/],
    ['1.0.0 - 1.5.0', /compound/],
    ['latest', /any-version|dist-tag/],
    ['next', /dist-tag/],
    ['*', /any-version/],
  ];
  it.each(refused)('refuses %s', (spec, why) => {
    const r = rewriteSpec(spec, '2.4.0');
    expect('refuse' in r && r.refuse).toMatch(why);
  });
});

describe('editJson edits spans and nothing else', () => {
  it('keeps CRLF, tabs, key order, BOM and a missing final newline', () => {
    const before = '\uFEFF{\r\n\t"name": "x",\r\n\t"dependencies": {\r\n\t\t"b": "1",\r\n\t\t"@modelcontextprotocol/sdk": "^1.2.0",\r\n\t\t"a": "1"\r\n\t}\r\n}';
    const after = editJson(before, [{ op: 'set', path: ['dependencies', '@modelcontextprotocol/sdk'], value: '^1.32.2' }]);
    expect(after).toBe(before.replace('"^1.2.0"', '"^1.32.2"'));
  });

  it('replaces a property in place with several, same indentation and EOL', () => {
    const before = '{\r\n    "dependencies": {\r\n        "@modelcontextprotocol/sdk": "~1.10.0",\r\n        "zod": "^4.2.0"\r\n    }\r\n}\r\n';
    const after = editJson(before, [
      { op: 'replace', parent: ['dependencies'], key: '@modelcontextprotocol/sdk', entries: [['@modelcontextprotocol/node', '~2.1.2'], ['@modelcontextprotocol/server', '~2.4.0']] },
    ]);
    expect(after).toBe(
      '{\r\n    "dependencies": {\r\n        "@modelcontextprotocol/node": "~2.1.2",\r\n        "@modelcontextprotocol/server": "~2.4.0",\r\n        "zod": "^4.2.0"\r\n    }\r\n}\r\n',
    );
  });

  it('replaces inside a one-line object with ", "', () => {
    const before = '{"dependencies": {"@modelcontextprotocol/sdk": "1.0.0", "x": "1"}}';
    const after = editJson(before, [{ op: 'replace', parent: ['dependencies'], key: '@modelcontextprotocol/sdk', entries: [['@modelcontextprotocol/client', '2.4.0'], ['@modelcontextprotocol/server', '2.4.0']] }]);
    expect(after).toBe('{"dependencies": {"@modelcontextprotocol/client": "2.4.0", "@modelcontextprotocol/server": "2.4.0", "x": "1"}}');
  });

  it('removes the property when nothing replaces it', () => {
    const before = '{\n  "dependencies": {\n    "@modelcontextprotocol/server": "^2.4.0",\n    "@modelcontextprotocol/sdk": "^1.0.0"\n  }\n}\n';
    const after = editJson(before, [{ op: 'replace', parent: ['dependencies'], key: '@modelcontextprotocol/sdk', entries: [] }]);
    expect(after).toBe('{\n  "dependencies": {\n    "@modelcontextprotocol/server": "^2.4.0"\n  }\n}\n');
  });

  it('fails loudly on invalid JSON instead of guessing', () => {
    expect(() => editJson('{"a": 1,}', [{ op: 'set', path: ['a'], value: '2' }])).toThrow(JsonEditError);
  });
});

describe('pnpm catalogs', () => {
  const text = [
    '# workspace layout',
    'packages:',
    "  - 'packages/*'",
    '',
    'catalog:',
    "  '@modelcontextprotocol/sdk': ^1.12.0 # keep in step with the docs",
    '  zod: &zod ^4.2.0',
    '',
    'catalogs:',
    '  legacy:',
    '    "@modelcontextprotocol/sdk": "1.20.0"',
    '    "@modelcontextprotocol/client": &cl ^2.0.0',
    '  next:',
    '    "@modelcontextprotocol/client": *cl',
    '',
  ].join('\n');
  const isMcp = (n: string) => n.startsWith('@modelcontextprotocol/');

  it('reads default and named catalogs, flags anchors and aliases', () => {
    const entries = readCatalogs(parseDocument(text, { keepSourceTokens: true }), text, isMcp);
    expect(entries.map(({ range: _r, mapPath: _m, key: _k, ...e }) => e)).toEqual([
      { catalog: 'default', section: 'catalog', package: '@modelcontextprotocol/sdk', spec: '^1.12.0', line: 6, column: 32 },
      { catalog: 'legacy', section: 'catalogs.legacy', package: '@modelcontextprotocol/sdk', spec: '1.20.0', line: 11, column: 34 },
      {
        catalog: 'legacy',
        section: 'catalogs.legacy',
        package: '@modelcontextprotocol/client',
        spec: '^2.0.0',
        refuse: 'the value carries the YAML anchor &cl, shared by its aliases; edit it by hand',
        line: 12,
        column: 41,
      },
      { catalog: 'next', section: 'catalogs.next', package: '@modelcontextprotocol/client', spec: '^2.0.0', refuse: 'the value is a YAML alias (*cl); edit its anchor by hand', line: 14, column: 37 },
    ]);
  });

  it('edits values in their quote style and keeps comments byte for byte', () => {
    const entries = readCatalogs(parseDocument(text, { keepSourceTokens: true }), text, isMcp);
    const after = editCatalogs(text, [
      { entry: entries[0], spec: '^1.32.2' },
      { entry: entries[1], spec: '1.32.2' },
    ]);
    expect(after).toBe(text.replace("sdk': ^1.12.0 #", "sdk': ^1.32.2 #").replace('"1.20.0"', '"1.32.2"'));
  });
});

describe('facts', () => {
  it('judges versions against the first supporting release', () => {
    expect(supportOf('npm', '@modelcontextprotocol/sdk', '1.32.2')).toEqual({ protocol: 'no', iss: 'no' });
    expect(supportOf('npm', '@modelcontextprotocol/client', '2.4.0')).toEqual({ protocol: 'yes', iss: 'yes' });
    expect(supportOf('npm', '@modelcontextprotocol/client', '2.0.0-beta.1')).toEqual({ protocol: 'yes', iss: 'yes' });
    expect(supportOf('npm', '@modelcontextprotocol/client', '2.0.0-alpha.2')).toEqual({ protocol: 'no', iss: 'no' });
    expect(supportOf('npm', '@modelcontextprotocol/server', '2.1.0')).toEqual({ protocol: 'yes', iss: 'n/a' });
    expect(supportOf('npm', '@modelcontextprotocol/server-legacy', '2.3.1')).toEqual({ protocol: 'unknown', iss: 'n/a' });
    expect(supportOf('pypi', 'mcp', '1.29.0')).toEqual({ protocol: 'no', iss: 'no' });
    expect(supportOf('pypi', 'mcp', '2.0.0a3')).toEqual({ protocol: 'yes', iss: 'yes' });
    expect(supportOf('pypi', 'mcp', '2.0.0a2')).toEqual({ protocol: 'no', iss: 'no' });
    expect(supportOf('pypi', 'mcp', '2.3.0')).toEqual({ protocol: 'yes', iss: 'yes' });
    expect(supportOf('go', 'github.com/modelcontextprotocol/go-sdk', 'v1.6.1')).toEqual({ protocol: 'no', iss: 'no' });
    expect(supportOf('go', 'github.com/modelcontextprotocol/go-sdk', 'v1.7.0-pre.1')).toEqual({ protocol: 'yes', iss: 'yes' });
    expect(supportOf('go', 'github.com/modelcontextprotocol/go-sdk', 'v1.7.0')).toEqual({ protocol: 'yes', iss: 'yes' });
  });

  it('reads PEP 440 versions as semver', () => {
    expect(toSemver('pypi', '2.0.0rc1')).toBe('2.0.0-rc.1');
    expect(toSemver('pypi', '2.0')).toBe('2.0.0');
    expect(toSemver('pypi', '2.0.0b2')).toBe('2.0.0-b.2');
  });
});

describe('python and go manifests', () => {
  it('reads requirements lines, not lookalike distributions', () => {
    const text = '# deps\nmcp[cli]>=1.27,<2 ; python_version >= "3.10"\nmcp-server-git==1.0\nhttpx\nMCP==2.0.0\r\n';
    expect(readRequirements(text)).toEqual([
      { section: 'requirements', spec: '>=1.27,<2', line: 2, column: 1 },
      { section: 'requirements', spec: '==2.0.0', line: 5, column: 1 },
    ]);
  });

  it('reads PEP 621, optional-dependencies, dependency-groups and poetry tables', () => {
    const text = [
      '[project]',
      'name = "svc"',
      'dependencies = [',
      '  "httpx>=0.27",',
      '  "mcp>=1.27,<2",',
      ']',
      '[project.optional-dependencies]',
      'cli = ["mcp[cli]==2.0.0"]',
      '[dependency-groups]',
      'dev = ["mcp-types", "mcp~=2.1"]',
      '[tool.poetry.dependencies]',
      'mcp = { version = "^1.9", extras = ["cli"] }',
      '',
    ].join('\n');
    expect(readPyproject(text)).toEqual([
      { section: 'project.dependencies', spec: '>=1.27,<2', line: 5, column: 3 },
      { section: 'project.optional-dependencies.cli', spec: '==2.0.0', line: 8, column: 8 },
      { section: 'dependency-groups.dev', spec: '~=2.1', line: 10, column: 21 },
      { section: 'tool.poetry.dependencies', spec: '^1.9', line: 12, column: 1 },
    ]);
  });

  it('reads go.mod require lines and blocks', () => {
    const text = 'module x\n\ngo 1.23\n\nrequire (\n\tgithub.com/modelcontextprotocol/go-sdk v1.6.1 // indirect\n\tgolang.org/x/net v0.30.0\n)\n\nreplace github.com/modelcontextprotocol/go-sdk => ../go-sdk\n';
    expect(readGoMod(text)).toEqual([
      { section: 'require', version: 'v1.6.1', indirect: true, line: 6, column: 2 },
      { section: 'replace', version: '../go-sdk', indirect: false, line: 10, column: 9 },
    ]);
  });
});
