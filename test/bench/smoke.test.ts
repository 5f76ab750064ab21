/**
 * The benchmark keeps working: `node bench/run.mjs --smoke` (1k synthetic files, one
 * repetition, jscodeshift on a small sample) completes and writes sane results. No timing
 * assertions: speed is what the benchmark reports, not what a test on a shared machine checks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, cleanup, tempDir } from '../helpers/cli.ts';

const work = tempDir('mcp-migrate-bench-');
afterAll(() => cleanup(work));

describe('bench --smoke', () => {
  it('runs every measured tool on the same 1k-file tree and writes results.json', () => {
    const out = join(work, 'results.json');
    const r = spawnSync(process.execPath, [join(REPO, 'bench', 'run.mjs'), '--smoke', '--out', out, '--work-dir', work, '--quiet'], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/wall \(median\)/);
    expect(r.stdout).toMatch(/jscodeshift \/ mcp-migrate migrate: [\d.]+×/);
    expect(r.stdout).toMatch(/EXTRAPOLATED from a \d+-file sample/);

    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.trees).toHaveLength(1);
    const { tree, results, ratios } = res.trees[0];
    expect(tree.files).toBe(1000);
    expect(tree.bytes).toBeGreaterThan(1_000_000);
    expect(tree.manifest.kind).toBe('synthetic');
    // Every MCP pattern is present, and the prefilter lets through about that many files.
    for (const n of Object.values(tree.manifest.mcpFiles as Record<string, number>)) expect(n).toBeGreaterThan(0);
    expect(tree.matched).toBeGreaterThan(10);

    expect(results.migrate.info.discovered).toBe(1000);
    // The floor counts files holding any single token; the prefilter also needs the tokens a
    // trigger pairs (e.g. an MCP import next to `sessionId`), so it lets through at most that.
    expect(results.migrate.info.parsed).toBeGreaterThan(0);
    expect(results.migrate.info.parsed).toBeLessThanOrEqual(tree.matched);
    expect(results.migrate.info.parsed).toBeLessThan(200); // ~1% per pattern, not every file
    expect(results.migrate.info.changed).toBeGreaterThan(0);
    expect(results.audit.info.files).toBe(1000);
    expect(results.audit.info.findings).toBeGreaterThan(0);
    expect(results.jscodeshift.extrapolated).toBe(true);
    for (const k of Object.keys(results)) {
      const t = results[k];
      expect(t.runs, k).toBe(1);
      expect(t.wallMedian, k).toBeGreaterThan(0);
      expect(t.wallMin, k).toBeLessThanOrEqual(t.wallMax);
      expect(t.filesPerSecond, k).toBeGreaterThan(0);
      expect(t.peakRssMb, k).toBeGreaterThan(0);
    }
    expect(results.floorRg ?? results.floorNode).toBeDefined();
    expect(ratios.jscodeshiftOverMigrate).toBeGreaterThan(0);
    expect(ratios.migrateOverFloor).toBeGreaterThan(0);
  }, 300_000);
});
