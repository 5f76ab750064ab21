/**
 * `--sdk v2`: the official `@modelcontextprotocol/codemod` (v1-to-v2) does the v1→v2
 * renames; we do not re-implement them. It writes files itself (ts-morph) and has no diff,
 * so it runs on a scratch copy of the v1 files; its output becomes the input of our
 * transforms, and the preview diffs the combined result against what is on disk.
 *
 * The scratch root gets its own package.json: the codemod edits the nearest manifest up
 * the tree, and without a stub there it would walk out of the scratch dir (manifests are
 * the pins command's job, member by member).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import type { Finding, Severity } from '../findings.ts';

export const OFFICIAL_RULE = 'v1-to-v2';

export interface OfficialInput {
  abs: string;
  rel: string;
  text: string;
}

export interface OfficialOutcome {
  /** New text per absolute path, for files the codemod changed (BOM preserved). */
  texts: Map<string, string>;
  findings: Finding[];
  errors: string[];
}

function scratchPath(rel: string): string {
  // Paths outside the cwd (`../x`) must stay inside the scratch root.
  return rel.split('/').map((seg) => (seg === '..' ? '__up__' : seg)).join('/');
}

const require = createRequire(import.meta.url);

/** Babel's verdict on a TypeScript/JavaScript text (redeclarations included), with the line it names. */
function parseError(rel: string, text: string): { message: string; line: number } | undefined {
  const plugins: Array<'typescript' | 'jsx'> = /\.[mc]?tsx?$/.test(rel) ? ['typescript'] : [];
  if (/\.(tsx|jsx?)$/.test(rel)) plugins.push('jsx');
  try {
    // Loaded here: only --sdk v2 runs get this far, and a run's startup is every CI run's floor.
    const { parse: babelParse } = require('@babel/parser') as typeof import('@babel/parser');
    babelParse(text.replace(/^\uFEFF/, ''), { sourceType: 'unambiguous', plugins, errorRecovery: false });
    return undefined;
  } catch (err) {
    const e = err as Error & { loc?: { line: number } };
    return { message: e.message.replace(/\s*\(\d+:\d+\)$/, ''), line: e.loc?.line ?? 1 };
  }
}

export async function runOfficialCodemod(files: OfficialInput[]): Promise<OfficialOutcome> {
  const outcome: OfficialOutcome = { texts: new Map(), findings: [], errors: [] };
  if (files.length === 0) return outcome;
  const { run, getMigration } = await import('@modelcontextprotocol/codemod');
  const migration = getMigration('v1-to-v2');
  if (!migration) {
    outcome.errors.push('the installed @modelcontextprotocol/codemod has no v1-to-v2 migration');
    return outcome;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'mcp-migrate-v2-'));
  try {
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({ name: 'mcp-migrate-scratch', private: true, dependencies: { '@modelcontextprotocol/sdk': '^1.0.0' } }),
    );
    const byScratch = new Map<string, OfficialInput & { bom: string }>();
    for (const f of files) {
      const p = join(scratch, scratchPath(f.rel));
      mkdirSync(dirname(p), { recursive: true });
      const bom = f.text.startsWith('\uFEFF') ? '\uFEFF' : '';
      writeFileSync(p, bom ? f.text.slice(1) : f.text);
      byScratch.set(p, { ...f, bom });
    }
    let result;
    try {
      result = run(migration, { targetDir: scratch });
    } catch (err) {
      outcome.errors.push(`official v1-to-v2 codemod failed: ${(err as Error).message.split('\n')[0]}; its renames were not applied`);
      return outcome;
    }
    for (const [p, f] of byScratch) {
      const after = f.bom + readFileSync(p, 'utf8');
      if (after === f.text) continue;
      // Never a broken rewrite, whoever wrote it: an output that no longer parses (the trial saw
      // a v2 type import clash with a local one of the same name) is dropped, and said.
      const broken = parseError(f.rel, after);
      if (broken && !parseError(f.rel, f.text)) {
        outcome.findings.push({
          rule: OFFICIAL_RULE, category: 'sdk-v2-rename', severity: 'error', file: f.rel, line: broken.line, column: 1, resolution: 'manual',
          message: `official codemod: its v1-to-v2 rewrite of this file does not parse (${broken.message}), so it was not applied; rename this file's SDK imports by hand`,
        });
        continue;
      }
      outcome.texts.set(f.abs, after);
    }
    for (const d of result.diagnostics) {
      const f = byScratch.get(d.file) ?? byScratch.get(join(scratch, relative(scratch, d.file)));
      if (!f) continue;
      const severity = (['error', 'warning', 'info'].includes(d.level) ? d.level : 'warning') as Severity;
      outcome.findings.push({
        rule: OFFICIAL_RULE,
        category: 'sdk-v2-rename',
        severity,
        file: f.rel,
        line: d.line,
        column: 1,
        message: `official codemod: ${d.message}`,
        resolution: severity === 'info' && !d.insertComment ? 'fixed' : 'manual',
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return outcome;
}
