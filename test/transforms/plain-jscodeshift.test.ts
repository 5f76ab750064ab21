/**
 * design.md: every transform also runs under plain `jscodeshift -t transforms/<id>.ts`.
 * Run the real jscodeshift CLI over each transform's TypeScript input fixtures and compare
 * with the same expected outputs the engine must produce.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { TRANSFORMS } from '../../src/registry.ts';
import { fixtureCases } from '../helpers/fixtures.ts';
import { REPO } from '../helpers/cli.ts';

describe.each(TRANSFORMS.map((t) => t.meta.id))('plain jscodeshift: %s', (id) => {
  it('rewrites the .ts input fixtures exactly as the engine does', () => {
    const cases = fixtureCases(id).filter((c) => c.inputPath.endsWith('.input.ts'));
    expect(cases.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'mcp-migrate-jscs-'));
    try {
      for (const c of cases) writeFileSync(join(dir, basename(c.inputPath)), readFileSync(c.inputPath));
      // Fixtures sit in this repo, an MCP package (rules ask the nearest package.json, see
      // transforms/lib/mcp-package.ts); their copies sit in one too.
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture-copies', private: true, dependencies: { '@modelcontextprotocol/sdk': '*' } }));
      // A fixture's companion files (the Worker entry mounting an agent defined in its input, the
      // module keeping a store it hands the session id to) sit beside it.
      for (const c of cases) {
        for (const suffix of ['.worker.ts', '.store.ts']) {
          const companion = c.inputPath.replace(/\.input\.ts$/, suffix);
          if (existsSync(companion)) writeFileSync(join(dir, basename(companion)), readFileSync(companion));
        }
      }
      const r = spawnSync(
        process.execPath,
        [join(REPO, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js'), '--run-in-band', '--extensions=ts', '-t', join(REPO, 'transforms', `${id}.ts`), dir],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/0 errors/);
      for (const c of cases) {
        expect(readFileSync(join(dir, basename(c.inputPath)), 'utf8'), c.name).toBe(readFileSync(c.outputPath, 'utf8'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
