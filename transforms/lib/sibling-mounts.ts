/**
 * Where an McpAgent class defined in one file is mounted from another: the Worker entry
 * beside it (`import { TodoMCP } from './TodoMCP.ts'` … `TodoMCP.serve('/mcp').fetch`).
 *
 * Transforms see one file at a time, so the class's rule cannot rewrite those mounts; what
 * it can do is keep `X.serve(route)` working (the Durable Object stub gets a static
 * `serve()` that answers per request). That is only safe when every use of the class in
 * those files is `X.serve(route)`: an SSE mount, `serve()` options, `new X`, `extends X`
 * would break. We read the class file's own directory (its Worker entry sits there in every
 * real case seen) and refuse on anything else, or when no mount is found there at all.
 *
 * Reads the disk, not the engine's text: `path` is relative to the process's cwd (the
 * engine's convention, workers share it). Symlinks, big files and unparsable ones are
 * skipped; one that mentions the class and cannot be read or parsed refuses.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from '@babel/parser';
import { SOURCE_EXTENSIONS } from './parser.ts';

type N = Record<string, any>;

const MAX_BYTES = 1 << 20;

export interface SiblingMounts {
  /** The files (names in the class's directory) that mount the class with `X.serve(route)`. */
  files: string[];
}

function parseSibling(text: string, name: string): N | undefined {
  const ts = /\.[mc]?tsx?$/.test(name);
  try {
    return parse(text, {
      sourceType: 'module',
      errorRecovery: false,
      plugins: ts ? (name.endsWith('x') ? ['typescript', 'jsx'] : ['typescript']) : ['jsx'],
    }) as unknown as N;
  } catch {
    return undefined;
  }
}

/** Each use of `name` in the tree: 'serve' for `name.serve(oneArg)`, 'specifier' for an import/export specifier, 'declares' for a class of that name, else a short description. */
function usesOf(tree: N, name: string): string[] {
  const uses: string[] = [];
  const visit = (n: N, parent: N | undefined, grand: N | undefined): void => {
    if (n.type === 'Identifier' && n.name === name) {
      if (parent && /^(ImportSpecifier|ExportSpecifier|ImportDefaultSpecifier)$/.test(parent.type)) uses.push('specifier');
      else if (parent && /^Class(Declaration|Expression)$/.test(parent.type) && parent.id === n) uses.push('declares');
      else if (parent && /MemberExpression$/.test(parent.type) && parent.property === n && !parent.computed) return;
      else if (parent && /^(ObjectProperty|ClassProperty|ObjectMethod|ClassMethod)$/.test(parent.type) && parent.key === n && !parent.computed && !parent.shorthand) return;
      else if (parent?.type === 'MemberExpression' && parent.object === n && !parent.computed && parent.property?.name === 'serve' &&
        grand?.type === 'CallExpression' && grand.callee === parent) {
        uses.push(grand.arguments.length === 1 && grand.arguments[0].type !== 'SpreadElement' ? 'serve' : `\`${name}.serve()\` with options`);
      } else if (parent?.type === 'MemberExpression' && parent.object === n && !parent.computed) uses.push(`\`${name}.${parent.property?.name}\``);
      else uses.push(`\`${name}\` used as a value`);
      return;
    }
    for (const key of Object.keys(n)) {
      if (key === 'loc' || key === 'comments' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      const v = n[key];
      for (const k of Array.isArray(v) ? v : [v]) {
        if (k && typeof k === 'object' && typeof k.type === 'string') visit(k, n, parent);
      }
    }
  };
  visit(tree.program, undefined, undefined);
  return uses;
}

/** The sibling files mounting `name`, or why keeping `X.serve(route)` working is not enough. */
export function siblingMounts(path: string, name: string): SiblingMounts | string {
  const abs = resolve(path);
  const dir = dirname(abs);
  const self = basename(abs);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return `\`${name}.serve()\` is mounted in another file, and its directory cannot be read`;
  }
  const files: string[] = [];
  const mention = new RegExp(`\\b${name}\\b`);
  for (const entry of entries.sort()) {
    if (entry === self || !SOURCE_EXTENSIONS.some((e) => entry.endsWith(e)) || /\.d\.[mc]?ts$/.test(entry)) continue;
    const file = join(dir, entry);
    let text: string;
    try {
      const st = lstatSync(file);
      if (!st.isFile() || st.size > MAX_BYTES) continue;
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!mention.test(text)) continue;
    const tree = parseSibling(text, entry);
    if (!tree) return `\`${name}\` is used in ${entry}, which does not parse`;
    const uses = usesOf(tree, name);
    // Another class of that name (a copy, a fixture's expected output) is not a mount.
    if (uses.includes('declares')) continue;
    const other = uses.find((u) => u !== 'serve' && u !== 'specifier');
    if (other) return `${other} in ${entry} needs the McpAgent class`;
    if (uses.includes('serve')) files.push(entry);
  }
  if (files.length === 0) return `\`${name}.serve()\` is mounted in a file outside its directory`;
  return { files };
}
