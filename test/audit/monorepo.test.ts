/**
 * Audit at monorepo scale and on the bundled example:
 * - a generated 200-workspace npm monorepo reports every package by name and path, with its
 *   findings and pins, in json, text and markdown;
 * - examples/legacy-monorepo (which grows as transforms land) satisfies the report's
 *   invariants rather than a golden: valid JSON and SARIF, workspaces = nearest package.json,
 *   counts that add up, stable order, no absolute paths.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, EXAMPLE, runCli, tempDir } from '../helpers/cli.ts';
import { writeTree } from './fixture-tree.ts';
import { validateAuditJson, validateSarif } from './validators.ts';

const dirs: string[] = [];
afterAll(() => cleanup(...dirs));

interface Doc {
  summary: { findings: number; fixable: number; manual: number; files: number; workspaces: number; pins: number; errors: number };
  parts: Array<{ id: string; findings: number }>;
  workspaces: Array<{ name: string; path: string; findings: number; fixable: number; manual: number; pins: number; byCategory: Record<string, number> }>;
  findings: Array<{ workspace: string; file: string; line: number; column: number; rule: string; message: string; category: string; fixable: boolean }>;
  pins: Array<{ workspace: string; manifest: string; package: string }>;
  errors: Array<{ path: string; message: string }>;
}

const N = 200;
const id = (i: number) => String(i).padStart(3, '0');

function generate(): string {
  const dir = tempDir('mcp-migrate-audit-200-');
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify({ name: 'generated-root', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
  };
  for (let i = 0; i < N; i++) {
    const p = `packages/pkg-${id(i)}`;
    files[`${p}/package.json`] = `${JSON.stringify({ name: `@gen/pkg-${id(i)}`, version: '1.0.0', dependencies: { '@modelcontextprotocol/sdk': `^1.${10 + (i % 10)}.0` } }, null, 2)}\n`;
    files[`${p}/src/index.ts`] =
      `import { McpError } from '@modelcontextprotocol/sdk/types.js';\n\n` +
      `export function missing${i}(uri: string): never {\n  throw new McpError(-32002, \`not found: \${uri}\`);\n}\n`;
    files[`${p}/src/util.ts`] = `export const n${i} = ${i};\n`;
  }
  writeTree(dir, files);
  return dir;
}

describe(`a generated ${N}-workspace monorepo`, () => {
  const dir = generate();
  dirs.push(dir);
  const json = runCli(['audit', '--format', 'json'], { cwd: dir });
  const doc = JSON.parse(json.stdout) as Doc;

  it('reports every package by name and path, with its finding and its pin', () => {
    expect(json.code, json.stderr).toBe(0);
    expect(validateAuditJson(doc).errors).toEqual([]);
    expect(doc.summary.files).toBe(2 * N);
    expect(doc.workspaces).toHaveLength(N);
    doc.workspaces.forEach((w, i) => {
      expect(w.name).toBe(`@gen/pkg-${id(i)}`);
      expect(w.path).toBe(`packages/pkg-${id(i)}`);
      expect(w.byCategory['error-code']).toBe(1);
      expect(w.pins).toBe(1);
      expect(w.fixable + w.manual).toBe(w.findings);
    });
    expect(doc.workspaces.reduce((a, w) => a + w.findings, 0)).toBe(doc.summary.findings);
    expect(doc.findings.filter((f) => f.category === 'error-code' && f.fixable)).toHaveLength(N);
    expect(doc.pins).toHaveLength(N);
    for (const f of doc.findings) expect(f.file.startsWith(`${f.workspace}/`)).toBe(true);
  });

  it('text lists every workspace in its table; markdown folds them and stays comment-sized', () => {
    const text = runCli(['audit'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: 'true', COLUMNS: '120' } });
    expect(text.code).toBe(0);
    for (let i = 0; i < N; i++) expect(text.stdout).toMatch(new RegExp(`^ {3}@gen/pkg-${id(i)} +packages/pkg-${id(i)} +\\d+ +\\d+ +\\d+ +1$`, 'm'));
    const mdown = runCli(['audit', '--format', 'markdown'], { cwd: dir });
    expect(mdown.code).toBe(0);
    expect(mdown.stdout).toContain(`<details><summary>Workspaces (${N})</summary>`);
    expect(mdown.stdout.length).toBeLessThan(65_536);
    expect(mdown.stdout.indexOf('| part | category |')).toBeLessThan(mdown.stdout.indexOf('<details>'));
  });
});

describe('examples/legacy-monorepo (properties, not a golden: it grows with the transforms)', () => {
  const json = runCli(['audit', '--format', 'json'], { cwd: EXAMPLE });
  const doc = JSON.parse(json.stdout) as Doc;

  it('is a valid report whose exit code matches its errors', () => {
    expect(validateAuditJson(doc).errors).toEqual([]);
    expect(json.code).toBe(doc.errors.length ? 2 : 0);
  });

  it('groups findings by the nearest package.json, named by it', () => {
    for (const w of doc.workspaces) {
      const manifest = join(EXAMPLE, w.path, 'package.json');
      expect(existsSync(manifest)).toBe(true);
      expect(w.name).toBe((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name ?? w.path);
    }
    for (const f of doc.findings) {
      expect(f.workspace === '.' || f.file.startsWith(`${f.workspace}/`)).toBe(true);
      // No deeper package.json between the workspace and the file.
      const rest = f.file.slice(f.workspace === '.' ? 0 : f.workspace.length + 1).split('/').slice(0, -1);
      for (let i = 1; i <= rest.length; i++) {
        const dir = [f.workspace === '.' ? '' : f.workspace, ...rest.slice(0, i)].filter(Boolean).join('/');
        expect(existsSync(join(EXAMPLE, dir, 'package.json'))).toBe(false);
      }
    }
    // Every package of the example shows at least one pattern (or pin) the audit reports.
    const withFindings = new Set(doc.findings.map((f) => f.workspace));
    for (const p of ['packages/cart-server', 'packages/http-server', 'packages/oauth-client', 'packages/stdio-server']) expect(withFindings.has(p)).toBe(true);
  });

  it('counts add up and the order is stable', () => {
    const s = doc.summary;
    expect(s.fixable + s.manual).toBe(s.findings);
    expect(doc.parts.reduce((a, p) => a + p.findings, 0)).toBe(s.findings);
    expect(doc.workspaces.reduce((a, w) => a + w.findings, 0)).toBe(s.findings);
    const key = (f: Doc['findings'][number]) => [f.workspace, f.file, String(f.line).padStart(6, '0'), String(f.column).padStart(6, '0')].join('\u0000');
    const keys = doc.findings.map(key);
    expect(keys).toEqual([...keys].sort());
    expect(doc.pins.length).toBeGreaterThanOrEqual(4);
  });

  it('SARIF validates and carries one result per finding, relative locations only', () => {
    const r = runCli(['audit', '--format', 'sarif'], { cwd: EXAMPLE });
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log).errors).toEqual([]);
    expect(log.runs[0].results).toHaveLength(doc.summary.findings);
    expect(r.stdout).not.toContain(EXAMPLE);
  });

  it('text and markdown carry the three parts and the fixable sentence', () => {
    const sentence = `${doc.summary.fixable} of ${doc.summary.findings} findings fixable automatically`;
    const text = runCli(['audit'], { cwd: EXAMPLE });
    const mdown = runCli(['audit', '--format', 'markdown'], { cwd: EXAMPLE });
    for (const out of [text.stdout, mdown.stdout]) {
      expect(out).toContain(sentence);
      expect(out).toContain('1. Session state (SEP-2567)');
      expect(out).toContain('2. OAuth clients and issuer validation');
      expect(out).toContain('3. SDK pins');
    }
    expect(mdown.stdout).not.toContain(EXAMPLE);
  });
});
