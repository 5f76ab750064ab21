/**
 * One file through the selected transforms: decode → parse once → apply in order →
 * verify the output parses → re-encode with the file's BOM. Pure: no file system.
 * jscodeshift and the parsers are loaded on first use, so runs where nothing matches
 * never pay for them.
 */
import { createRequire } from 'node:module';
import type { Collection, JSCodeshift } from 'jscodeshift';
import type { Finding } from '../findings.ts';
import type { TransformModule } from '../registry.ts';
import { parserFor, type ParserName } from '../../transforms/lib/parser.ts';
import { installFastFind } from './fast-find.ts';

const require = createRequire(import.meta.url);

export type FileStatus = 'unchanged' | 'changed' | 'error';

export interface FileOutcome {
  status: FileStatus;
  /** Full new text (BOM included) when changed. */
  output?: string;
  /** One-line reason when status is error. */
  error?: string;
  findings: Finding[];
  /** Ids of the transforms that changed the file. */
  changedBy: string[];
}

interface Parser { parse(code: string): unknown }

// The options of jscodeshift's `babylon` parser (parser/babylon.js keeps them private).
const BABYLON_PLUGINS = [
  ['flow', { all: true }], 'flowComments', 'jsx', 'asyncGenerators', 'bigInt', 'classProperties',
  'classPrivateProperties', 'classPrivateMethods', ['decorators', { decoratorsBeforeExport: false }],
  'doExpressions', 'dynamicImport', 'exportDefaultFrom', 'exportNamespaceFrom', 'functionBind',
  'functionSent', 'importMeta', 'logicalAssignment', 'nullishCoalescingOperator', 'numericSeparator',
  'objectRestSpread', 'optionalCatchBinding', 'optionalChaining', ['pipelineOperator', { proposal: 'minimal' }],
  'throwExpressions',
];

/**
 * The output check parses with the same grammar as the parser that read the file, but
 * without tokens: recast needs them, a yes/no check does not, and they cost most of the
 * parse (an 863 KB bundle: 2.8 s with tokens, 0.4 s without).
 */
function verifierFor(name: ParserName): Parser {
  const babel = require('@babel/parser') as { parse(code: string, options: unknown): unknown };
  let options: Record<string, unknown>;
  if (name === 'babylon') {
    options = { sourceType: 'module', allowImportExportEverywhere: true, allowReturnOutsideFunction: true, startLine: 1, plugins: BABYLON_PLUGINS };
  } else {
    const base = require('jscodeshift/parser/tsOptions') as { plugins: unknown[] };
    options = { ...base, plugins: name === 'tsx' ? ['jsx', ...base.plugins] : base.plugins };
  }
  options = { ...options, tokens: false };
  return { parse: (code) => babel.parse(code, options) };
}
let jscodeshiftCore: JSCodeshift | undefined;
const parsers = new Map<ParserName, { j: JSCodeshift; verifier: Parser; core: JSCodeshift }>();

function toolsFor(path: string) {
  const name = parserFor(path);
  let tools = parsers.get(name);
  if (!tools) {
    if (!jscodeshiftCore) {
      jscodeshiftCore = require('jscodeshift') as JSCodeshift;
      installFastFind();
    }
    const parser = (require(`jscodeshift/parser/${name}`) as () => Parser)();
    tools = { j: jscodeshiftCore.withParser(parser as never), verifier: verifierFor(name), core: jscodeshiftCore };
    parsers.set(name, tools);
  }
  return tools;
}

/**
 * A `j` that hands back the tree it already built for a given source text, so transforms
 * that leave a file alone share its one parse. A transform that changes the file hands the
 * next one new text, which is parsed afresh: the changed tree's positions describe the old
 * text, and transforms that splice text by position need positions of the text they get.
 */
function memoizedJ(j: JSCodeshift) {
  const trees = new Map<string, Collection>();
  const state = { parsed: false };
  const wrapped = ((source: unknown, options?: unknown) => {
    if (typeof source === 'string') {
      const cached = trees.get(source);
      if (cached) return cached;
      state.parsed = true;
      const built = (j as unknown as (s: string, o?: unknown) => Collection)(source, options);
      trees.set(source, built);
      return built;
    }
    return (j as unknown as (s: unknown, o?: unknown) => Collection)(source, options);
  }) as unknown as JSCodeshift;
  // Builders, namedTypes and the rest resolve through the prototype: copying ~700 of them per
  // file cost 0.2 s on the synthetic 20k tree.
  Object.setPrototypeOf(wrapped, j);
  return {
    j: wrapped,
    /** True once any transform asked for a tree. */
    get parsed() {
      return state.parsed;
    },
  };
}

/**
 * The detection pass: every transform runs on a light tree, babel's own AST of the text
 * without tokens and without recast's copy of it (a fifth of the cost of the tree recast
 * builds), wrapped in the same Collection API. Most files a trigger token lets through are
 * left alone by every rule; for them this pass is the whole run. A transform that would
 * change the file shows it by returning text or by printing (the light tree's toSource
 * stops it there), and the file is then run again on recast's tree, from the start: only
 * that tree prints the file's own formatting back.
 *
 * What recast adds that the rules read is recreated: `comments` on each node (markers and
 * `mcp-migrate-ignore` are found through them), the comment tokens, recast's line table
 * (`loc.lines.infos`, which maps a line/column to an offset), and columns counted with
 * leading tabs expanded to 4 (as recast hands the text to babel), so a finding's column is
 * the same from either pass. Anything else a rule needs from recast makes it throw here, and a throw
 * also sends the file to recast's tree: never a finding recast's pass would not give.
 */
const DETECTED = Symbol('a transform would change the file');

type AstNode = { type?: string; leadingComments?: unknown[]; trailingComments?: unknown[]; comments?: unknown[] } & Record<string, unknown>;

/** recast's comment attachment, as the rules see it: a comment leads the node after it, else trails the one before. */
function attachCommentsLikeRecast(file: AstNode): void {
  const withComments: AstNode[] = [];
  const stack: unknown[] = [file.program];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') stack.push(x);
      continue;
    }
    const n = v as AstNode;
    if (n.leadingComments || n.trailingComments) withComments.push(n);
    for (const key in n) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
      const c = n[key];
      if (c && typeof c === 'object') stack.push(c);
    }
  }
  const leading = new Set<unknown>();
  for (const n of withComments) for (const c of n.leadingComments ?? []) leading.add(c);
  for (const n of withComments) {
    const list = [
      ...(n.leadingComments ?? []).map((c) => Object.assign(c as object, { leading: true, trailing: false })),
      ...(n.trailingComments ?? []).filter((c) => !leading.has(c)).map((c) => Object.assign(c as object, { leading: false, trailing: true })),
    ];
    if (list.length) n.comments = list;
  }
}

/**
 * recast's line table for the light tree: lines split at every ECMAScript line terminator, as
 * recast splits them. Columns here are babel's own (no tab expansion), so each line's measured
 * indent is its leading whitespace as it is.
 */
function lightLineTable(file: AstNode, text: string): void {
  const loc = file.loc as Record<string, unknown> | undefined;
  if (!loc) return;
  let infos: Array<{ line: string; indent: number; sliceStart: number }> | undefined;
  Object.defineProperty(loc, 'lines', {
    configurable: true,
    get: () => ({
      get infos() {
        infos ??= text.split(/\r\n|[\n\r\u2028\u2029]/).map((line) => {
          const lead = /^[ \t]*/.exec(line)![0].length;
          return { line, indent: lead, sliceStart: lead };
        });
        return infos;
      },
    }),
  });
}

/** Columns as recast reports them: leading tabs of the line expanded to a width of 4. */
function recastColumns(findings: Finding[], text: string): Finding[] {
  if (!text.includes('\t')) return findings;
  const lines = text.split('\n');
  return findings.map((f) => {
    const lead = /^[ \t]*/.exec(lines[f.line - 1] ?? '')![0];
    if (!lead.includes('\t') || f.column - 1 < lead.length) return f;
    let width = 0;
    for (const c of lead) width = c === '\t' ? width + 4 - (width % 4) : width + 1;
    return { ...f, column: f.column + width - lead.length };
  });
}

export interface Detection {
  /** True when some transform would change the file, or could not run on the light tree. */
  acts: boolean;
  /** The first transform that acts (transforms.length when none does). */
  from: number;
  /** Findings of the transforms before `from`, exactly as recast's pass gives them. */
  findings: Finding[];
  /** The text does not parse (one line). */
  error?: string;
}

/**
 * `exhaustive`: every transform runs on the light tree and keeps its findings even where it
 * would act (its findings are reported before it prints). For files whose sites are only
 * counted, never edited (the migrated repo's tests): recast's tree would be built for output
 * that is thrown away.
 */
export function detect(path: string, original: string, transforms: TransformModule[], runOptions: RunOptions = {}, exhaustive = false): Detection {
  const { core, verifier, j } = toolsFor(path);
  let ast: AstNode;
  try {
    ast = verifier.parse(original) as AstNode;
  } catch (err) {
    return { acts: false, from: 0, findings: [], error: syntaxMessage(err) };
  }
  attachCommentsLikeRecast(ast);
  // recast's tree lists comments among its tokens; rules that blank comments out read them there.
  ast.tokens ??= ast.comments;
  lightLineTable(ast, original);
  let root: Collection | undefined;
  const light = ((source: unknown, options?: unknown) => {
    if (source !== original) return (j as unknown as (s: unknown, o?: unknown) => Collection)(source, options);
    if (!root) {
      root = (core as unknown as (n: unknown) => Collection)(ast);
      Object.defineProperty(root, 'toSource', { value: () => { throw DETECTED; } });
    }
    return root;
  }) as unknown as JSCodeshift;
  Object.setPrototypeOf(light, j);
  // The transforms before the first that acts left the text as it was: their findings stand,
  // and recast's pass starts at that one.
  const settledFindings: Finding[] = [];
  for (const [i, t] of transforms.entries()) {
    const findings: Finding[] = [];
    try {
      const out = t.default(
        { path, source: original },
        { jscodeshift: light, j: light, stats: () => {}, report: () => {} } as never,
        { ...runOptions.transformOptions, findings } as never,
      );
      if (typeof out === 'string' && out !== original && !exhaustive) return { acts: true, from: i, findings: recastColumns(settledFindings, original) };
    } catch {
      // Counting only: a rule stopped at print has reported its sites; one that failed on the
      // light tree counts what it reported before it failed.
      if (!exhaustive) return { acts: true, from: i, findings: recastColumns(settledFindings, original) };
    }
    settledFindings.push(...findings);
  }
  return { acts: false, from: transforms.length, findings: recastColumns(settledFindings, original) };
}

function syntaxMessage(err: unknown): string {
  const e = err as { message?: string; loc?: { line: number; column: number } };
  const msg = (e.message ?? String(err)).split('\n')[0];
  return e.loc ? `cannot parse (${e.loc.line}:${e.loc.column + 1}): ${msg.replace(/\s*\(\d+:\d+\)$/, '')}` : `cannot parse: ${msg}`;
}

export interface RunOptions {
  /** Extra options handed to every transform (e.g. `sdk`). */
  transformOptions?: Record<string, unknown>;
  /**
   * The caller ran the detection pass and a transform acts: recast's pass starts at that one
   * (`from`), after the findings of those before it. `{ from: 0, findings: [] }` runs every
   * transform on recast's tree (tests compare the passes).
   */
  detected?: Pending;
}

/** What is decided before any parse: nothing to run, or line endings the rules cannot keep. */
function refuseUpFront(original: string, transforms: TransformModule[]): FileOutcome | undefined {
  if (transforms.length === 0) return { status: 'unchanged', findings: [], changedBy: [] };
  // Bare CR line breaks (classic Mac): recast and babel count them as lines, the transforms'
  // line arithmetic and our EOL-preserving printer do not. Refuse clearly rather than guess.
  if (/\r(?!\n)/.test(original)) {
    return { status: 'error', error: 'bare CR line endings are not supported; convert to LF or CRLF (file left as is)', findings: [], changedBy: [] };
  }
  return undefined;
}

/** Where recast's pass must pick up after the detection pass. */
export interface Pending {
  from: number;
  findings: Finding[];
}

/**
 * The outcome when the detection pass settles the file (no transform changes it, or it
 * cannot be read), or where recast's pass must pick up. `text` as for runTransforms.
 */
export function settledByDetection(path: string, text: string, transforms: TransformModule[], runOptions: RunOptions = {}): FileOutcome | Pending {
  const original = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const refused = refuseUpFront(original, transforms);
  if (refused) return refused;
  const d = detect(path, original, transforms, runOptions);
  if (d.error) return { status: 'error', error: d.error, findings: [], changedBy: [] };
  return d.acts ? { from: d.from, findings: d.findings } : { status: 'unchanged', findings: d.findings, changedBy: [] };
}

/** The findings of every transform on the light tree, nothing rewritten: files whose sites are only counted. */
export function sitesOnLightTree(path: string, text: string, transforms: TransformModule[], runOptions: RunOptions = {}): FileOutcome {
  const original = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const refused = refuseUpFront(original, transforms);
  if (refused) return refused;
  const d = detect(path, original, transforms, runOptions, true);
  if (d.error) return { status: 'error', error: d.error, findings: [], changedBy: [] };
  return { status: 'unchanged', findings: d.findings, changedBy: [] };
}

export function isPending(r: FileOutcome | Pending): r is Pending {
  return !('status' in r);
}

/** `text` is the decoded file content, BOM included if the file has one. */
export function runTransforms(
  path: string,
  text: string,
  transforms: TransformModule[],
  runOptions: RunOptions = {},
): FileOutcome {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const original = bom ? text.slice(1) : text;
  const refused = refuseUpFront(original, transforms);
  if (refused) return refused;
  const pending = runOptions.detected ?? settledByDetection(path, text, transforms, runOptions);
  if (!isPending(pending)) return pending;
  const findings: Finding[] = [...pending.findings];
  // No parse up front: a transform whose own cheap gate turns the file down never pays for
  // recast, and the first one that calls j(source) parses it for all that follow.
  const { j, verifier } = toolsFor(path);
  const memo = memoizedJ(j);

  let source = original;
  const changedBy: string[] = [];
  for (const t of transforms.slice(pending.from)) {
    let out: string | null | undefined | void;
    try {
      out = t.default(
        { path, source },
        { jscodeshift: memo.j, j: memo.j, stats: () => {}, report: () => {} } as never,
        { ...runOptions.transformOptions, findings } as never,
      ) as string | null | undefined;
    } catch (err) {
      // The input does not parse (the transform's j(source) threw), or a transform bug:
      // either costs this file, never the run, and never a half rewrite.
      try {
        verifier.parse(source);
      } catch (syntax) {
        const error = source === original
          ? syntaxMessage(syntax)
          : `output of ${changedBy.join(', ')} does not parse, file left as is (${syntaxMessage(syntax)})`;
        return { status: 'error', error, findings: [], changedBy: [] };
      }
      const msg = (err as Error)?.message?.split('\n')[0] ?? String(err);
      return { status: 'error', error: `transform ${t.meta.id} failed: ${msg}`, findings: [], changedBy: [] };
    }
    if (typeof out === 'string' && out !== source) {
      source = out;
      changedBy.push(t.meta.id);
    }
  }

  if (source === original) {
    // Every transform turned the file down before parsing it; a file that matched a trigger
    // but does not parse is still reported (a token-less parse: a fraction of recast's cost).
    if (!memo.parsed) {
      try {
        verifier.parse(original);
      } catch (err) {
        return { status: 'error', error: syntaxMessage(err), findings: [], changedBy: [] };
      }
    }
    return { status: 'unchanged', findings, changedBy };
  }
  try {
    verifier.parse(source);
  } catch (err) {
    return {
      status: 'error',
      error: `output of ${changedBy.join(', ')} does not parse, file left as is (${syntaxMessage(err)})`,
      findings: [],
      changedBy: [],
    };
  }
  return { status: 'changed', output: bom + source, findings, changedBy };
}
