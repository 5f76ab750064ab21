/**
 * package.json edits as text spans: only the bytes of the edited values (or the replaced
 * property) change; indentation, key order, CRLF, BOM and the final newline stay as written.
 * Every edit is verified by re-parsing the result and comparing it with the object we meant
 * to produce (Renovate's replace-then-verify), so a surprising layout fails loudly instead of
 * writing a broken manifest.
 */
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, type Node, type ParseError } from 'jsonc-parser';

export type JsonPath = string[];

export type JsonOp =
  /** Set the string value at `path` (the property must exist). */
  | { op: 'set'; path: JsonPath; value: string }
  /** Replace property `key` of the object at `parent` by `entries`, in its place. */
  | { op: 'replace'; parent: JsonPath; key: string; entries: [string, string][] };

export class JsonEditError extends Error {}

function parseStrict(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length) throw new JsonEditError(`not valid JSON (error ${errors[0].error} at offset ${errors[0].offset})`);
  return value;
}

/** Deterministic serialization with sorted keys: equality that ignores key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function at(obj: unknown, path: JsonPath): Record<string, unknown> {
  let cur = obj as Record<string, unknown>;
  for (const p of path) cur = cur[p] as Record<string, unknown>;
  return cur;
}

function applyToObject(obj: unknown, op: JsonOp): void {
  if (op.op === 'set') {
    at(obj, op.path.slice(0, -1))[op.path[op.path.length - 1]] = op.value;
  } else {
    const parent = at(obj, op.parent);
    delete parent[op.key];
    for (const [k, v] of op.entries) parent[k] = v;
  }
}

function propertyNode(tree: Node, parent: JsonPath, key: string): Node | undefined {
  const obj = findNodeAtLocation(tree, parent);
  return obj?.children?.find((p) => p.children?.[0]?.value === key);
}

function applyOne(text: string, op: JsonOp): string {
  if (op.op === 'set') {
    const edits = modify(text, op.path, op.value, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
    return applyEdits(text, edits);
  }
  const tree = parseTree(text);
  const prop = tree && propertyNode(tree, op.parent, op.key);
  if (!prop) throw new JsonEditError(`no property ${JSON.stringify(op.key)} under /${op.parent.join('/')}`);
  if (op.entries.length === 0) {
    return applyEdits(text, modify(text, [...op.parent, op.key], undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  }
  // Same separator as the property had before it: newline + its indentation, or ", " inline.
  const lineStart = text.lastIndexOf('\n', prop.offset - 1) + 1;
  const lead = text.slice(lineStart, prop.offset);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = /^[ \t]*$/.test(lead) ? `,${eol}${lead}` : ', ';
  // Same spacing around the colon as the replaced property (`"a": "1"` or `"a":"1"`).
  const colon = text.slice(prop.children![0].offset + prop.children![0].length, prop.children![1].offset);
  const rendered = op.entries.map(([k, v]) => `${JSON.stringify(k)}${colon}${JSON.stringify(v)}`);
  return text.slice(0, prop.offset) + rendered.join(sep) + text.slice(prop.offset + prop.length);
}

/**
 * Apply `ops` in order and verify: the result parses and equals the original object with the
 * ops applied. Throws JsonEditError otherwise. A BOM is kept as it was.
 */
export function editJson(text: string, ops: JsonOp[]): string {
  if (!ops.length) return text;
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const intended = parseStrict(body);
  let out = body;
  for (const op of ops) {
    applyToObject(intended, op);
    out = applyOne(out, op);
  }
  const got = parseStrict(out);
  if (canonical(got) !== canonical(intended)) {
    throw new JsonEditError('re-parsed manifest differs from the intended edit; nothing changed');
  }
  return bom + out;
}

/** 1-based line/column of the value at `path` (or of the property key when `key` is true). */
export function positionOf(text: string, path: JsonPath, tree?: Node): { line: number; column: number } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const root = tree ?? parseTree(body);
  const node = root && findNodeAtLocation(root, path);
  return node ? lineColumn(body, node.offset) : { line: 1, column: 1 };
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}
