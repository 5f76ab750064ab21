/**
 * The audit model and renderers in-process: workspace resolution (nearest package.json,
 * cached per directory, never above the root), --fail-on semantics for every level, pins
 * in every format (synthetic records, so this does not depend on the pins module's
 * heuristics), Markdown escaping and the comment size cap, path scrubbing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, Severity } from '../../src/findings.ts';
import type { PinRecord } from '../../src/pins/types.ts';
import {
  buildAuditReport,
  createWorkspaceResolver,
  NO_WORKSPACE,
  scrubPaths,
  tripsFailOn,
  type AuditReport,
} from '../../src/report/audit-model.ts';
import { renderAuditText } from '../../src/report/audit-text.ts';
import { auditJsonDocument, renderAuditNdjson } from '../../src/report/audit-json.ts';
import { renderAuditSarif } from '../../src/report/audit-sarif.ts';
import { md, renderAuditMarkdown } from '../../src/report/audit-markdown.ts';
import { cleanup, tempDir } from '../helpers/cli.ts';
import { validateAuditJson, validateSarif } from './validators.ts';

const dirs: string[] = [];
afterAll(() => cleanup(...dirs));

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'session-state',
  category: 'session-keyed-state',
  severity: 'warning',
  file: 'packages/a/src/index.ts',
  line: 1,
  column: 1,
  message: 'm',
  resolution: 'manual',
  ...over,
});

describe('workspace resolver', () => {
  const root = tempDir();
  dirs.push(root);
  const write = (rel: string, body: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), body);
  };
  write('package.json', '{"name":"root"}');
  write('packages/a/package.json', '{"name":"@x/a"}');
  write('packages/a/nested/inner/package.json', '{"name":"@x/inner"}');
  write('packages/b/package.json', '{ not json');
  write('packages/c/package.json', '{"version":"1.0.0"}');

  it('finds the nearest package.json, names it, and falls back to its path', () => {
    const ws = createWorkspaceResolver(root);
    expect(ws('packages/a/src/deep/x.ts')).toEqual({ name: '@x/a', path: 'packages/a' });
    expect(ws('packages/a/nested/inner/src/y.ts')).toEqual({ name: '@x/inner', path: 'packages/a/nested/inner' });
    expect(ws('packages/a/nested/z.ts')).toEqual({ name: '@x/a', path: 'packages/a' });
    expect(ws('packages/b/src/x.ts')).toEqual({ name: 'packages/b', path: 'packages/b' });
    expect(ws('packages/c/x.ts')).toEqual({ name: 'packages/c', path: 'packages/c' });
    expect(ws('scripts/x.ts')).toEqual({ name: 'root', path: '.' });
    expect(ws('x.ts')).toEqual({ name: 'root', path: '.' });
  });

  it('caches per directory (one lookup per directory ever)', () => {
    const ws = createWorkspaceResolver(root);
    expect(ws('packages/a/src/x.ts').path).toBe('packages/a');
    rmSync(join(root, 'packages/a/package.json'));
    expect(ws('packages/a/src/other.ts').path).toBe('packages/a'); // cached directory answer
    expect(createWorkspaceResolver(root)('packages/a/src/x.ts').path).toBe('.'); // a fresh resolver sees the change
    writeFileSync(join(root, 'packages/a/package.json'), '{"name":"@x/a"}');
  });

  it('never reads above the audit root', () => {
    const outer = tempDir();
    dirs.push(outer);
    writeFileSync(join(outer, 'package.json'), '{"name":"outside"}');
    mkdirSync(join(outer, 'inner'));
    mkdirSync(join(outer, 'elsewhere'));
    writeFileSync(join(outer, 'elsewhere', 'package.json'), '{"name":"also-outside"}');
    const ws = createWorkspaceResolver(join(outer, 'inner'));
    expect(ws('../elsewhere/x.ts')).toEqual(NO_WORKSPACE);
    expect(ws('a.ts')).toEqual(NO_WORKSPACE);
  });
});

describe('--fail-on', () => {
  const levels: Severity[] = ['info', 'warning', 'error'];
  it.each(levels.flatMap((has) => levels.map((level) => [has, level] as const)))('a %s finding with --fail-on %s', (has, level) => {
    const rank = { info: 0, warning: 1, error: 2 };
    const report = { findings: [finding({ severity: has })] } as AuditReport;
    expect(tripsFailOn(report, level)).toBe(rank[has] >= rank[level]);
  });

  it('never trips without findings or without the flag', () => {
    expect(tripsFailOn({ findings: [] } as unknown as AuditReport, 'info')).toBe(false);
    expect(tripsFailOn({ findings: [finding({ severity: 'error' })] } as unknown as AuditReport, undefined)).toBe(false);
  });
});

const pin = (over: Partial<PinRecord>): PinRecord => ({
  ecosystem: 'npm',
  manifest: 'packages/a/package.json',
  workspace: '@x/a',
  role: 'member',
  package: '@modelcontextprotocol/sdk',
  section: 'dependencies',
  spec: '^1.10.0',
  resolved: '1.17.5',
  lockfile: 'package-lock.json',
  protocol: 'no',
  iss: 'no',
  line: 6,
  column: 34,
  ...over,
});

function sample(): AuditReport {
  return buildAuditReport({
    files: 3,
    findings: [
      finding({ file: 'packages/b/src/z.ts', rule: 'stateless-transport', category: 'transport-map-routing', resolution: 'fixed', line: 4 }),
      finding({ message: 'keep `Map<string, T>` | and <script>alert(1)</script>', marker: '/* mcp-migrate(session-state): x */' } as Partial<Finding>),
      finding({ rule: 'issuer-validation', category: 'hand-rolled-oauth-client', severity: 'error', file: 'packages/a/src/cb.ts' }),
      finding({ rule: 'future-rule', category: 'brand-new-category', severity: 'info', file: 'packages/b/src/q.ts' }),
    ],
    markers: [{ kind: 'official', rule: '@mcp-codemod-error', line: 3, text: 'x', file: 'packages/b/src/z.ts' }],
    pins: [pin({}), pin({ manifest: 'packages/b/package.json', workspace: '@x/b', spec: '^2.4.0', package: '@modelcontextprotocol/server', resolved: '2.4.0', protocol: 'yes', iss: 'n/a' })],
    errors: [{ path: 'packages/b/src/bad.ts', message: 'not valid UTF-8 text' }],
    transforms: ['stateless-transport', 'session-state', 'issuer-validation'],
    tool: { name: 'mcp-migrate', version: '9.9.9' },
    workspaceOf: (f) => (f.startsWith('packages/a/') ? { name: '@x/a', path: 'packages/a' } : { name: '@x/b', path: 'packages/b' }),
  });
}

describe('report model', () => {
  const r = sample();

  it('sorts by workspace, assigns parts, derives pin findings, counts consistently', () => {
    expect(r.findings.map((f) => [f.workspace, f.part, f.category])).toEqual([
      ['packages/a', 'sdk-pins', 'sdk-pin'], // packages/a/package.json
      ['packages/a', 'oauth-iss', 'hand-rolled-oauth-client'], // packages/a/src/cb.ts
      ['packages/a', 'session-state', 'session-keyed-state'], // packages/a/src/index.ts
      ['packages/b', 'other', 'brand-new-category'], // packages/b/src/q.ts
      ['packages/b', 'session-state', 'transport-map-routing'], // packages/b/src/z.ts
    ]);
    expect(r.summary).toMatchObject({ findings: 5, fixable: 1, manual: 4, pins: 2, pinsWithoutProtocol: 1, errors: 1, workspaces: 2 });
    expect(r.parts.map((p) => p.findings)).toEqual([2, 1, 1, 1]);
    for (const w of r.workspaces) expect(w.fixable + w.manual).toBe(w.findings);
    expect(Object.keys(r.summary.byCategory)).toEqual(['transport-map-routing', 'session-keyed-state', 'hand-rolled-oauth-client', 'sdk-pin', 'brand-new-category']);
    expect(r.findings.find((f) => f.category === 'session-keyed-state')!.marker).toBe('/* mcp-migrate(session-state): x */');
    expect(r.findings.find((f) => f.fixable)!.fixedBy).toBe('stateless-transport');
  });

  it('json validates against the documented schema, and NDJSON carries the same findings', () => {
    const doc = auditJsonDocument(r);
    expect(validateAuditJson(doc).errors).toEqual([]);
    expect(Object.keys(doc)).toEqual(['schema', 'schemaVersion', 'tool', 'transforms', 'pinsScanned', 'summary', 'parts', 'workspaces', 'findings', 'pins', 'markers', 'errors']);
    const nd = renderAuditNdjson(r).trim().split('\n').map((l) => JSON.parse(l));
    expect(nd.filter((x) => x.type === 'finding')).toHaveLength(5);
    expect(nd.filter((x) => x.type === 'pin')).toHaveLength(2);
    expect(nd.at(-1).type).toBe('summary');
  });

  it('the schema rejects an absolute path', () => {
    const doc = auditJsonDocument(r);
    doc.findings[0].file = '/home/someone/repo/packages/a/package.json';
    expect(validateAuditJson(doc).valid).toBe(false);
  });

  it('sarif validates with pins, error-level results and an unknown rule', () => {
    const log = JSON.parse(renderAuditSarif(r, [{ id: 'stateless-transport', summary: 'S', triggers: [] }]));
    expect(validateSarif(log).errors).toEqual([]);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['stateless-transport', 'session-state', 'issuer-validation', 'pins', 'future-rule']);
    expect(run.results.map((x: { level: string }) => x.level).sort()).toEqual(['error', 'note', 'warning', 'warning', 'warning']);
    expect(run.properties.pins).toHaveLength(2);
  });

  it('text shows the pins table and the parts; markdown too, escaped', () => {
    const text = renderAuditText(r, { color: false, width: 120 });
    expect(text).toMatch(/@x\/a\s+@modelcontextprotocol\/sdk\s+\^1\.10\.0\s+1\.17\.5\s+no\s+no/);
    expect(text).toContain('1 of 5 findings fixable automatically');
    expect(text).toContain('4. Other 2026-07-28 changes');
    const colored = renderAuditText(r, { color: true, width: 120 });
    expect(colored).toMatch(/\x1b\[31merror/);
    const mdown = renderAuditMarkdown(r);
    expect(mdown).toContain('| @x/a | `packages/a/package.json:6` | `@modelcontextprotocol/sdk` | `^1.10.0` | `1.17.5` | no | no |');
    expect(mdown).not.toContain('<script>');
    expect(mdown).toContain('&lt;script&gt;');
    expect(mdown).toContain('`Map<string, T>` \\| and'); // code spans keep their text, pipes escaped
    expect(mdown).toMatch(/\*\*1 file\(s\) could not be audited:\*\*/);
  });

  it('markdown stays under the comment cap on a huge report', () => {
    const many = buildAuditReport({
      files: 4000,
      findings: Array.from({ length: 4000 }, (_, i) => finding({ file: `packages/p${i}/src/index.ts`, message: 'x'.repeat(80) })),
      markers: [],
      errors: 0,
      workspaceOf: (f) => ({ name: f.split('/')[1], path: f.split('/').slice(0, 2).join('/') }),
    });
    const out = renderAuditMarkdown(many);
    expect(out.length).toBeLessThan(60_000);
    expect(out).toContain('left out to stay under');
    expect(out.startsWith('## MCP 2026-07-28 migration audit')).toBe(true);
  });
});

describe('helpers', () => {
  it('md escapes HTML and pipes outside code spans only', () => {
    expect(md('a <b> | `c <d> | e` & f')).toBe('a &lt;b&gt; \\| `c <d> \\| e` &amp; f');
  });

  it('scrubPaths removes the root and the home directory', () => {
    expect(scrubPaths("EACCES: open '/work/x/src/a.ts' in /work/x", '/work/x', '/root')).toBe("EACCES: open 'src/a.ts' in .");
    expect(scrubPaths('see /root/.npmrc', '/work/x', '/root')).toBe('see ~/.npmrc');
  });
});
