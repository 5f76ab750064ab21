/**
 * The detection pass (src/engine/run-file.ts) must never change a result: on every fixture
 * input, alone and chained, and on the example monorepo's sources, a run that detects first
 * gives the same status, output and findings (columns included) as a run straight on
 * recast's tree. Tab-indented and marked inputs are among the fixtures.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixtureCases } from '../helpers/fixtures.ts';
import { EXAMPLE } from '../helpers/cli.ts';
import { TRANSFORMS } from '../../src/registry.ts';
import { detect, runTransforms, sitesOnLightTree } from '../../src/engine/run-file.ts';
import { testFileFinding } from '../../src/engine/test-files.ts';
import type { Finding } from '../../src/findings.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.[cm]?[jt]sx?$/.test(e.name) ? [p] : [];
  });
}

const inputs = [
  ...fixtureCases().map((c) => ({ rel: c.displayPath, text: readFileSync(c.inputPath, 'utf8'), only: c.transform })),
  ...sources(EXAMPLE).map((p) => ({ rel: relative(EXAMPLE, p), text: readFileSync(p, 'utf8'), only: undefined })),
];

describe('the detection pass', () => {
  it('gives the same outcome as recast’s pass on every fixture and example file', () => {
    const differ: string[] = [];
    for (const { rel, text, only } of inputs) {
      for (const transforms of [TRANSFORMS, ...(only ? [TRANSFORMS.filter((t) => t.meta.id === only)] : [])]) {
        const viaDetect = runTransforms(rel, text, transforms);
        const direct = runTransforms(rel, text, transforms, { detected: { from: 0, findings: [] } });
        try {
          expect(viaDetect).toEqual(direct);
        } catch {
          differ.push(`${rel} (${transforms.map((t) => t.meta.id).join(',')})`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('lets through every file a transform changes, and spares recast most of the others', () => {
    let spared = 0;
    for (const { rel, text } of inputs) {
      const d = detect(rel, text.replace(/^\uFEFF/, ''), TRANSFORMS);
      const direct = runTransforms(rel, text, TRANSFORMS, { detected: { from: 0, findings: [] } });
      if (direct.status === 'changed') expect(d.acts, rel).toBe(true);
      if (!d.acts) spared++;
    }
    expect(spared).toBeGreaterThan(10);
  });

  it('counts a test file’s sites on the light tree as each rule’s recast pass would: same number, same rules', () => {
    // What a test file reports (testFileFinding): its number of sites and their rules. Messages
    // that quote code, and the positions recast leaves out (`export class`), may differ. Each
    // rule counts the file as written: a test file is never rewritten, so no rule sees another's
    // rewrite (chained on recast's tree, the second rule counted the first one's output).
    const differ: string[] = [];
    for (const { rel, text } of inputs) {
      for (const transforms of TRANSFORMS.map((t) => [t])) {
        const recast = runTransforms(rel, text, transforms, { detected: { from: 0, findings: [] } });
        if (recast.status === 'error') continue;
        const light = sitesOnLightTree(rel, text, transforms);
        const said = (findings: Finding[]) => testFileFinding(rel, findings).map((f) => f.message);
        if (JSON.stringify(said(light.findings)) !== JSON.stringify(said(recast.findings))) differ.push(`${rel} (${transforms.length} transforms)`);
      }
    }
    expect(differ).toEqual([]);
  });
});
