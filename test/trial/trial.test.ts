/**
 * The trial bench keeps working: three small trees this test writes (as bare git "snapshots"
 * in a mirror folder), a corpus row whose snapshot is missing, labels, and an own-test row
 * whose suite runs with node:test and no install. No network.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from '../helpers/cli.ts';

const FIX = join(REPO, '__testfixtures__');
const sh = (cwd: string, cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

/** Writes files into a fresh repo, commits, and clones it bare into mirror/owner+name/repo. */
function snapshot(mirror: string, repo: string, files: Record<string, string>): string {
  const src = tempDir('trial-src-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(src, path, '..'), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  sh(src, 'git', ['init', '-q', '-b', 'main']);
  sh(src, 'git', ['add', '-A']);
  sh(src, 'git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'snapshot']);
  const commit = sh(src, 'git', ['rev-parse', 'HEAD']);
  sh(mirror, 'git', ['clone', '-q', '--bare', src, join(mirror, repo.replace('/', '+'), 'repo')]);
  return commit;
}

const fixture = (rule: string, name: string) => readFileSync(join(FIX, rule, name), 'utf8');

describe('npm run trial on generated trees', () => {
  let result: any;
  let md: string;
  let stderr: string;
  let code: number | null;
  let serverBefore: string;

  beforeAll(() => {
    const dir = tempDir('trial-');
    const mirror = join(dir, 'mirror');
    mkdirSync(mirror);
    serverBefore = fixture('stateless-transport', 'express-object-map.input.ts');
    const server = snapshot(mirror, 'acme/session-server', {
      'package.json': JSON.stringify({ name: 'session-server', type: 'module', scripts: { test: 'node --test' }, dependencies: { '@modelcontextprotocol/sdk': '^1.20.0' } }, null, 2) + '\n',
      'src/server.ts': serverBefore,
      'src/cart.ts': fixture('session-state', 'no-session-unchanged.input.ts'),
      'test/client.test.ts': fixture('session-state', 'fetch-client-session-header.input.ts'),
      'test/ok.test.mjs': "import test from 'node:test';\ntest('one', () => {});\ntest('two', () => {});\n",
    });
    const oauth = snapshot(mirror, 'acme/oauth-cli', {
      'src/callback.ts': fixture('issuer-validation', 'node-http-callback-string-body.input.ts'),
      'src/as.ts': fixture('issuer-validation', 'authorization-server-unchanged.input.ts'),
    });
    const plain = snapshot(mirror, 'acme/plain', {
      'index.js': 'export const answer = 42;\n',
      'README.md': '# plain\r\n',
    });
    const missing = '0'.repeat(40);
    const t = (rows: string[][]) => rows.map((r) => r.join('\t')).join('\n') + '\n';
    writeFileSync(join(dir, 'corpus.tsv'), t([
      ['# repo', 'commit', 'tags', 'note'],
      ['acme/session-server', server, 'session-map-server,express', 'ours'],
      ['acme/oauth-cli', oauth, 'oauth-callback,node-http', 'ours'],
      ['acme/plain', plain, 'library', 'no MCP code'],
      ['acme/gone', missing, 'library', 'never fetched'],
    ]));
    writeFileSync(join(dir, 'labels.tsv'), t([
      ['acme/session-server', 'src/server.ts', 'server', 'rewrite', 'express, transports object, only routing'],
      ['acme/session-server', 'test/client.test.ts', 'store', 'leave', 'test file'],
      ['acme/oauth-cli', 'src/callback.ts', 'oauth', 'rewrite', 'node:http callback, exchange in the same handler'],
      ['acme/oauth-cli', 'src/as.ts', 'oauth', 'leave', 'authorization server'],
    ]));
    writeFileSync(join(dir, 'owntests.tsv'), t([
      ['acme/session-server', '.', 'true', 'node --test', '-', '2/0', '-', 'no deps'],
    ]));
    const r = spawnSync(process.execPath, [join(REPO, 'bench', 'trial', 'run.mjs'), '--mirror', mirror,
      '--corpus', join(dir, 'corpus.tsv'), '--labels', join(dir, 'labels.tsv'), '--owntests', join(dir, 'owntests.tsv'),
      '--pairs', join(dir, 'none.tsv'), '--out', join(dir, 'out'), '--work', join(dir, 'work')], { encoding: 'utf8', timeout: 240_000 });
    code = r.status;
    stderr = r.stderr;
    result = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
    md = readFileSync(join(dir, 'out', 'results.md'), 'utf8');
  }, 300_000);

  it('runs every repo it has a snapshot of, and a missing one costs one line', () => {
    expect(code, stderr).toBe(0);
    expect(result.corpus.repos).toBe(4);
    expect(result.corpus.ran).toBe(3);
    expect(result.corpus.missing).toEqual(['acme/gone: no snapshot of acme/gone under ' + result.corpus.missing[0].split(' under ')[1]]);
    expect(stderr.split('\n').filter((l) => l.includes('acme/gone') && l.includes('skipped'))).toHaveLength(1);
  });

  it('scores each label from what the rule did to that file', () => {
    const byPath = Object.fromEntries(result.perRepo.map((r: any) => [r.repo, r]));
    expect(byPath['acme/plain'].changed).toBe(0);
    expect(result.labels.total).toBe(4);
    // The express object map is a fixture the server rule rewrites: the label must see a rewrite.
    expect(result.kinds.server.matrix.rewrite.rewrite).toBe(1);
    // The authorization server is left alone (a fixture that stays byte-identical).
    expect(result.kinds.oauth.matrix.leave.leave).toBe(1);
    expect(result.kinds.oauth.labels).toBe(2);
    const mismatched = result.mismatches.map((m: any) => `${m.repo}:${m.path}`);
    expect(mismatched).not.toContain('acme/session-server:src/server.ts');
  });

  it('counts markers and edits by location, checks parsing and idempotency', () => {
    const product = result.markers.byLocation.product ?? 0;
    const test = result.markers.byLocation.test ?? 0;
    expect(product + test + (result.markers.byLocation.example ?? 0)).toBe(result.markers.total);
    expect(result.edits.parseFailures).toEqual([]);
    expect(result.runs.notIdempotent).toEqual([]);
    expect(result.runs.crashes).toEqual([]);
    const perRepo = result.perRepo.find((r: any) => r.repo === 'acme/session-server');
    expect(perRepo.idempotent).toBe(true);
    expect(perRepo.pins).toBeGreaterThanOrEqual(1);
    // The pin census (written without the pins module) finds the same pins pins reports.
    expect(result.pinCensus.expected).toBeGreaterThanOrEqual(1);
    expect(result.pinCensus.reported).toBe(result.pinCensus.expected);
    expect(md).toMatch(/## SDK pins reported\n\n.*: \d+ of \d+ reported by `pins` \(100%\)/);
  });

  it('runs the own test suite before and after, from its closing lines', () => {
    expect(result.own).toHaveLength(1);
    expect(result.own[0].before.tests).toEqual({ passed: 2, failed: 0 });
    expect(result.own[0].after.tests).toEqual({ passed: 2, failed: 0 });
    expect(result.own[0].after.changedFiles).toBeGreaterThan(0);
  });

  it('writes a Markdown scorecard a reviewer can read', () => {
    expect(md).toContain('## Labeled sites');
    expect(md).toContain('| acme/session-server |');
    expect(md).toContain('## Own test suites');
  });
});

describe('trial bench parts', () => {
  it('reads passed/failed from the runners real repos use', async () => {
    const { testCounts, typeErrors } = await import('../../bench/trial/lib/counts.mjs');
    expect(testCounts(' Tests  2 failed | 49 passed (51)\n')).toEqual({ passed: 49, failed: 2 });
    expect(testCounts(' Tests  51 passed (51)\n')).toEqual({ passed: 51, failed: 0 });
    expect(testCounts('Tests:       1 failed, 13 passed, 14 total\n')).toEqual({ passed: 13, failed: 1 });
    expect(testCounts('# tests 3\n# pass 3\n# fail 0\n')).toEqual({ passed: 3, failed: 0 });
    expect(testCounts('ℹ tests 4\nℹ suites 0\nℹ pass 3\nℹ fail 1\n')).toEqual({ passed: 3, failed: 1 });
    expect(testCounts('  12 passing (30ms)\n  2 failing\n')).toEqual({ passed: 12, failed: 2 });
    expect(testCounts('no summary here')).toBeUndefined();
    expect(typeErrors('a.ts(1,2): error TS2304: x\nb.ts(3,4): error TS2345: y\n')).toBe(2);
  });

  it('tells test, example and product files apart', async () => {
    const { locationOf } = await import('../../bench/trial/lib/location.mjs');
    expect(locationOf('src/server.test.ts')).toBe('test');
    expect(locationOf('packages/a/__tests__/x.ts')).toBe('test');
    expect(locationOf('test/helpers/client.ts')).toBe('test');
    expect(locationOf('src/mocks/mcp.ts')).toBe('test');
    expect(locationOf('examples/server/index.ts')).toBe('example');
    expect(locationOf('src/latest.ts')).toBe('product');
    expect(locationOf('src/contest.ts')).toBe('product');
  });

  it('judges an SDK example by the maintainers\' shapes', async () => {
    const { judgePair } = await import('../../bench/trial/lib/sdk-pairs.mjs');
    const pair = { v1path: 'a.ts', mainpath: 'b.ts', shapes: 'createMcpHandler,toNodeHandler', note: '' };
    const v1 = "app.post('/mcp', handle);\n";
    const v2 = "app.all('/mcp', toNodeHandler(createMcpHandler(() => build())));\n";
    expect(judgePair(pair, v1, v2, v2, []).verdict).toBe('reproduces');
    expect(judgePair(pair, v1, v1, v2, []).verdict).toBe('unchanged');
    expect(judgePair(pair, v1, "app.all('/mcp', toNodeHandler(h));\n", v2, []).verdict).toBe('improves');
    expect(judgePair(pair, v2, v1, v2, []).verdict).toBe('worse');
    expect(judgePair(pair, v1, v2, v2, []).confirmedInMain).toEqual(['createMcpHandler', 'toNodeHandler']);
  });
});
