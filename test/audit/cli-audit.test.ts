/**
 * `mcp-migrate audit` end to end on the built binary, on the golden fixture monorepo
 * (test/audit/fixture-tree.ts): byte-exact goldens of all four formats, SARIF against the
 * 2.1.0 schema, JSON against docs/audit-report.schema.json, --fail-on exit codes, --output,
 * no absolute paths, a 60-column terminal.
 *
 * Regenerate goldens after an intended change: UPDATE_GOLDEN=1 npx vitest run test/audit
 * (then read the diff: the goldens are the review surface of the report).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cleanup, REPO, runCli, tempDir } from '../helpers/cli.ts';
import { GOLDEN_TRANSFORMS, goldenTree, writeTree } from './fixture-tree.ts';
import { validateAuditJson, validateSarif } from './validators.ts';

const GOLDEN_DIR = join(import.meta.dirname, 'golden');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const dirs: string[] = [];
afterAll(() => cleanup(...dirs));

const tree = goldenTree();
dirs.push(tree);

// Runs are memoized by arguments (the tree is read-only for audit): each spawn costs seconds
// on a shared 2-core machine. --output runs write a file, so they are never memoized.
const memo = new Map<string, ReturnType<typeof runCli>>();
const audit = (args: string[], cwd = tree, env: Record<string, string> = {}) => {
  const key = JSON.stringify([args, cwd, env]);
  const hit = memo.get(key);
  if (hit) return hit;
  const r = runCli(['audit', '--transforms', GOLDEN_TRANSFORMS, '--cpus', '1', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env } });
  if (!args.includes('--output')) memo.set(key, r);
  return r;
};

/** The tool version is the only thing allowed to differ between releases. */
const normalize = (text: string) => text.split(`"version": "${VERSION}"`).join('"version": "<version>"').split(`"semanticVersion": "${VERSION}"`).join('"semanticVersion": "<version>"');

function golden(name: string, actual: string) {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const FORMATS = [
  { format: 'text', file: 'audit.txt', env: { COLUMNS: '100' } },
  { format: 'json', file: 'audit.json', env: {} },
  { format: 'sarif', file: 'audit.sarif', env: {} },
  { format: 'markdown', file: 'audit.md', env: {} },
] as const;

describe('goldens on the fixture monorepo', () => {
  for (const { format, file, env } of FORMATS) {
    it(`--format ${format}`, () => {
      const r = audit(['--format', format], tree, env);
      expect(r.code, r.stderr).toBe(0);
      golden(file, normalize(r.stdout));
    });
  }

  it('--json is the NDJSON record stream (one summary last)', () => {
    const r = audit(['--json']);
    expect(r.code, r.stderr).toBe(0);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { schema: number; type: string });
    expect(records.every((x) => x.schema === 1)).toBe(true);
    expect(records.at(-1)!.type).toBe('summary');
    const types = records.map((x) => x.type);
    expect(types.filter((t) => t === 'finding').length).toBe((JSON.parse(audit(['--format', 'json']).stdout) as { findings: unknown[] }).findings.length);
    // Grouped in a fixed order: workspaces, findings, pins, markers, errors, summary.
    const order = ['workspace', 'finding', 'pin', 'marker', 'error', 'summary'];
    expect(types.map((t) => order.indexOf(t))).toEqual([...types.map((t) => order.indexOf(t))].sort((a, b) => a - b));
  });

  it('--shard K/N --json outputs concatenate to the unsharded findings, pins and markers (each once)', () => {
    const records = (out: string, type: string) =>
      out.trim().split('\n').map((l) => JSON.parse(l) as { type: string }).filter((x) => x.type === type).map((x) => JSON.stringify(x));
    const whole = audit(['--json']).stdout;
    const parts = [audit(['--json', '--shard', '1/2']).stdout, audit(['--json', '--shard', '2/2']).stdout];
    for (const type of ['finding', 'pin', 'marker']) {
      expect(parts.flatMap((p) => records(p, type)).sort()).toEqual(records(whole, type).sort());
    }
    expect(records(whole, 'pin').length).toBeGreaterThan(0);
  });

  it('output is identical for --cpus 1 and --cpus 2', () => {
    const one = audit(['--format', 'json']);
    const two = runCli(['audit', '--transforms', GOLDEN_TRANSFORMS, '--cpus', '2', '--format', 'json'], { cwd: tree });
    expect(two.stdout).toBe(one.stdout);
  });
});

describe('report content on the fixture', () => {
  const doc = JSON.parse(audit(['--format', 'json']).stdout) as {
    summary: { findings: number; fixable: number; manual: number; markersByKind: Record<string, number> };
    workspaces: Array<{ name: string; path: string; findings: number }>;
    findings: Array<{ workspace: string; file: string; fixable: boolean; fixedBy: string | null; marker: string | null; part: string }>;
    markers: Array<{ kind: string; file: string }>;
  };

  it('validates against the documented schema', () => {
    const v = validateAuditJson(doc);
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
  });

  it('groups by nearest package.json, root-relative, named or by path', () => {
    expect(doc.workspaces.map((w) => [w.path, w.name])).toEqual([
      ['.', 'golden-root'],
      ['packages/http-gateway', '@golden/http-gateway'],
      ['packages/legacy', '@golden/legacy'],
      ['packages/notes', '@golden/notes'],
      ['packages/space dir', 'packages/space dir'],
    ]);
    for (const f of doc.findings) expect(f.file === f.workspace || f.workspace === '.' || f.file.startsWith(`${f.workspace}/`)).toBe(true);
    expect(doc.findings.find((f) => f.file === 'scripts/check.ts')?.workspace).toBe('.');
  });

  it('says what fixes each finding: a transform, or the marker a person must act on', () => {
    for (const f of doc.findings) {
      if (f.fixable) expect(f.fixedBy).toMatch(/^[a-z-]+$/);
      else expect(f.fixedBy).toBeNull();
    }
    const withMarker = doc.findings.filter((f) => f.marker);
    expect(withMarker.length).toBeGreaterThan(0);
    for (const f of withMarker) expect(f.marker).toMatch(/^\/\* mcp-migrate\([a-z-]+\): .* \*\/$/);
    expect(doc.summary.fixable + doc.summary.manual).toBe(doc.summary.findings);
  });

  it('lists markers already in the tree: ours, ignores, the official codemod', () => {
    expect(doc.summary.markersByKind).toEqual({ marker: 1, ignore: 1, official: 1 });
    expect(doc.markers.map((m) => m.kind).sort()).toEqual(['ignore', 'marker', 'official']);
  });

  it('text and markdown show the three parts in order and the fixable sentence', () => {
    const text = audit(['--format', 'text']).stdout;
    const mdown = audit(['--format', 'markdown']).stdout;
    const sentence = `${doc.summary.fixable} of ${doc.summary.findings} findings fixable automatically`;
    for (const out of [text, mdown]) {
      expect(out).toContain(sentence);
      const i1 = out.indexOf('1. Session state (SEP-2567)');
      const i2 = out.indexOf('2. OAuth clients and issuer validation');
      const i3 = out.indexOf('3. SDK pins');
      expect(i1).toBeGreaterThan(-1);
      expect(i2).toBeGreaterThan(i1);
      expect(i3).toBeGreaterThan(i2);
    }
    // Markdown: the summary table comes before any folded details.
    expect(mdown.indexOf('| part | category |')).toBeLessThan(mdown.indexOf('<details>'));
    expect(mdown).toMatch(/<details><summary>1\. Session state/);
  });
});

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, with rules metadata and relative locations', () => {
    const r = audit(['--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    const v = validateSarif(log);
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
    const run = log.runs[0];
    const rules = run.tool.driver.rules as Array<{ id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; defaultConfiguration: { level: string } }>;
    expect(rules.map((x) => x.id)).toEqual([...GOLDEN_TRANSFORMS.split(','), 'pins']);
    expect(run.results.some((x: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.ruleId === 'pins' && x.locations[0].physicalLocation.artifactLocation.uri.endsWith('package.json'))).toBe(true);
    expect(run.properties.pins.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(rule.fullDescription.text).not.toBe('');
      expect(rule.help.text).not.toBe('');
      expect(rule.help.markdown).not.toBe('');
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    for (const res of run.results) {
      expect(rules[res.ruleIndex].id).toBe(res.ruleId);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.artifactLocation.uri).not.toMatch(/^(\/|[a-z]+:)/i);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    // A path with a space is a valid relative URI reference.
    expect(run.results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri)).toContain(
      'packages/space%20dir/src/odd%20name.ts',
    );
  });

  // The SARIF Multitool (npm: @microsoft/sarif-multitool-linux, a 95 MB .NET binary, so not a
  // dependency) runs when SARIF_MULTITOOL points at it.
  it.skipIf(!process.env.SARIF_MULTITOOL)('passes the SARIF Multitool validator', () => {
    const out = tempDir();
    dirs.push(out);
    writeFileSync(join(out, 'a.sarif'), audit(['--format', 'sarif']).stdout);
    const v = spawnSync(process.env.SARIF_MULTITOOL!, ['validate', join(out, 'a.sarif'), '-o', join(out, 'v.sarif')], { encoding: 'utf8', timeout: 120_000 });
    expect(v.status, v.stdout + v.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'v.sarif'), 'utf8')).runs[0].results as Array<{ level?: string; ruleId: string }>;
    expect(results.filter((x) => x.level === 'error')).toEqual([]);
  });
});

describe('--fail-on', () => {
  // The fixture has warnings and one info; no transform reports errors today.
  it.each([
    ['error', 0],
    ['warning', 1],
    ['info', 1],
  ] as const)('on warnings + info: --fail-on %s exits %i', (level, code) => {
    expect(audit(['--fail-on', level, '--format', 'json']).code).toBe(code);
  });

  it('on an info-only tree trips only at info; on a clean tree never', () => {
    const infoOnly = tempDir();
    const clean = tempDir();
    dirs.push(infoOnly, clean);
    writeTree(infoOnly, {
      'package.json': '{"name":"info-only"}\n',
      'src/index.ts': `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const seen: string[] = [];
const server = new McpServer({ name: 'seen', version: '1.0.0' });
server.registerTool('see', { inputSchema: { what: z.string() } }, async ({ what }) => {
  seen.push(what);
  return { content: [{ type: 'text', text: String(seen.length) }] };
});
await server.connect(new StdioServerTransport());
`,
    });
    writeTree(clean, { 'package.json': '{"name":"clean"}\n', 'src/a.ts': 'export const a = 1;\n' });
    const sev = JSON.parse(audit(['--format', 'json'], infoOnly).stdout).summary.bySeverity;
    expect(sev).toEqual({ error: 0, warning: 0, info: 1 });
    expect(audit(['--fail-on', 'error'], infoOnly).code).toBe(0);
    expect(audit(['--fail-on', 'warning'], infoOnly).code).toBe(0);
    expect(audit(['--fail-on', 'info'], infoOnly).code).toBe(1);
    expect(audit([], infoOnly).code).toBe(0);
    for (const level of ['error', 'warning', 'info']) expect(audit(['--fail-on', level], clean).code).toBe(0);
  });

  it('exits 2 when a file cannot be audited, whatever --fail-on says, and still writes the report', () => {
    const broken = tempDir();
    dirs.push(broken);
    writeTree(broken, {
      'package.json': '{"name":"broken"}\n',
      // Matches a trigger (so it is decoded) but is not UTF-8: the engine reports it and goes on.
      'src/bad.ts': Buffer.concat([Buffer.from("import { McpError } from '@modelcontextprotocol/sdk/types.js';\nthrow new McpError(-32002, '"), Buffer.from([0xff, 0xfe]), Buffer.from("');\n")]),
      'src/old.ts': "import { McpError } from '@modelcontextprotocol/sdk/types.js';\nthrow new McpError(-32002, 'x');\n",
    });
    for (const level of ['error', 'warning', 'info']) {
      const r = audit(['--fail-on', level, '--format', 'json'], broken);
      expect(r.code).toBe(2);
      const doc = JSON.parse(r.stdout);
      expect(doc.errors.map((e: { path: string }) => e.path)).toEqual(['src/bad.ts']);
      expect(doc.summary.findings).toBe(1);
    }
  });

  it('rejects unknown levels and formats with exit 2 and one line', () => {
    const a = audit(['--fail-on', 'fatal']);
    expect(a.code).toBe(2);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    const b = audit(['--format', 'html']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--format takes text, json, sarif, markdown/);
  });
});

describe('--output', () => {
  it.each(['text', 'json', 'sarif', 'markdown'])('writes the %s report to the file (stdout empty), same bytes as stdout', (format) => {
    const name = `report.${format}`;
    const r = audit(['--format', format, '--output', name]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`report written to ${name.replace('.', '\\.')}`));
    expect(readFileSync(join(tree, name), 'utf8')).toBe(audit(['--format', format]).stdout);
  });

  it('exits 2 with one line when the file cannot be written', () => {
    const r = audit(['--format', 'json', '--output', 'no/such/dir/report.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write no\/such\/dir\/report\.json/);
  });
});

describe('no absolute paths', () => {
  it.each(['json', 'sarif', 'markdown'])('%s never contains the machine paths, even for an absolute path argument', (format) => {
    for (const args of [[], [tree]]) {
      const r = audit(['--format', format, ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain(tree);
      expect(r.stdout).not.toContain(homedir());
      expect(r.stdout).not.toMatch(/file:\/\//);
      expect(r.stdout).not.toMatch(/"\/(tmp|home|root|Users|work)\//);
    }
  });
});

describe('narrow terminal', () => {
  it('COLUMNS=60: every line fits in 60 columns, no colour codes off a TTY', () => {
    const r = audit(['--format', 'text'], tree, { COLUMNS: '60' });
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((l) => l.length > 60);
    expect(long).toEqual([]);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    // Still the whole report: every finding location appears.
    const doc = JSON.parse(audit(['--format', 'json']).stdout) as { findings: Array<{ line: number; column: number }> };
    for (const f of doc.findings) expect(r.stdout).toContain(`${f.line}:${f.column}`);
  });
});
