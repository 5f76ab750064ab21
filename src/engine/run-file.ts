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
const parsers = new Map<ParserName, { j: JSCodeshift; verifier: Parser }>();

function toolsFor(path: string) {
  const name = parserFor(path);
  let tools = parsers.get(name);
  if (!tools) {
    if (!jscodeshiftCore) {
      jscodeshiftCore = require('jscodeshift') as JSCodeshift;
      installFastFind();
    }
    const parser = (require(`jscodeshift/parser/${name}`) as () => Parser)();
    tools = { j: jscodeshiftCore.withParser(parser as never), verifier: verifierFor(name) };
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

function syntaxMessage(err: unknown): string {
  const e = err as { message?: string; loc?: { line: number; column: number } };
  const msg = (e.message ?? String(err)).split('\n')[0];
  return e.loc ? `cannot parse (${e.loc.line}:${e.loc.column + 1}): ${msg.replace(/\s*\(\d+:\d+\)$/, '')}` : `cannot parse: ${msg}`;
}

export interface RunOptions {
  /** Extra options handed to every transform (e.g. `sdk`). */
  transformOptions?: Record<string, unknown>;
}

/** `text` is the decoded file content, BOM included if the file has one. */
export function runTransforms(
  path: string,
  text: string,
  transforms: TransformModule[],
  runOptions: RunOptions = {},
): FileOutcome {
  const findings: Finding[] = [];
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const original = bom ? text.slice(1) : text;
  if (transforms.length === 0) return { status: 'unchanged', findings, changedBy: [] };

  // Bare CR line breaks (classic Mac): recast and babel count them as lines, the transforms'
  // line arithmetic and our EOL-preserving printer do not. Refuse clearly rather than guess.
  if (/\r(?!\n)/.test(original)) {
    return { status: 'error', error: 'bare CR line endings are not supported; convert to LF or CRLF (file left as is)', findings, changedBy: [] };
  }
  // No parse up front: a transform whose own cheap gate turns the file down never pays for
  // recast, and the first one that calls j(source) parses it for all that follow.
  const { j, verifier } = toolsFor(path);
  const memo = memoizedJ(j);

  let source = original;
  const changedBy: string[] = [];
  for (const t of transforms) {
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
