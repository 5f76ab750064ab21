/**
 * pnpm-workspace.yaml pins: catalogs (`catalog:` is the default catalog, `catalogs.<name>`)
 * and `overrides`. Reading gives each MCP entry with its source position; editing touches
 * exactly the bytes it must — one scalar's source range (keeping its quote style), whole
 * lines inserted after an entry in its indentation, or an entry's own lines removed — so
 * comments, blank lines and every other byte stay as written. Every edit is verified: the
 * re-parsed document must equal the original with exactly the intended changes. Aliases
 * (`*x`), anchored values (`&x`) and flow maps are refused: an edit there would change other
 * entries too, or has no line of its own.
 */
import { isAlias, isMap, isPair, isScalar, parseDocument, type Document, type Pair, type Scalar } from 'yaml';
import { canonical, lineColumn } from './json-edit.ts';

export interface CatalogEntry {
  /** `default` for `catalog:` and `catalogs.default`, else the catalog name; '' for overrides. */
  catalog: string;
  /** `catalog`, `catalogs.<name>` or `overrides`: the YAML path, as reported. */
  section: string;
  package: string;
  /** The range, or undefined when the value is an alias or not a string. */
  spec?: string;
  refuse?: string;
  /** Byte range of the value scalar in the file. */
  range?: [number, number];
  line: number;
  column: number;
  /** YAML path of the map holding the entry, and the entry's key as written (`a>@mcp/sdk`). */
  mapPath?: string[];
  key?: string;
}

/** The package an override key targets: `a>b`, `b@<1.25`, `b`. */
const OVERRIDE_KEY_RE = /(@modelcontextprotocol\/[\w.-]+)(?:@[^/>]*)?$/;

function entriesOf(
  doc: Document.Parsed,
  map: unknown,
  where: { catalog: string; section: string; mapPath: string[] },
  text: string,
  packageOf: (key: string) => string | undefined,
  out: CatalogEntry[],
) {
  if (!isMap(map)) return;
  const flow = (map as any).flow === true;
  for (const item of map.items as Pair[]) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const key = String(item.key.value);
    const name = packageOf(key);
    if (!name) continue;
    const base = { catalog: where.catalog, section: where.section, package: name, mapPath: where.mapPath, key };
    const pos = lineColumn(text, (item.value as any)?.range?.[0] ?? (item.key as Scalar).range?.[0] ?? 0);
    if (isAlias(item.value)) {
      out.push({ ...base, refuse: `the value is a YAML alias (*${item.value.source}); edit its anchor by hand`, ...pos });
      const target = item.value.resolve(doc);
      if (isScalar(target) && typeof target.value === 'string') out[out.length - 1].spec = target.value;
      continue;
    }
    if (!isScalar(item.value) || typeof item.value.value !== 'string') {
      out.push({ ...base, refuse: 'the value is not a string', ...pos });
      continue;
    }
    const v = item.value;
    const entry: CatalogEntry = { ...base, spec: v.value as string, range: [v.range![0], v.range![1]], ...pos };
    if (v.anchor) entry.refuse = `the value carries the YAML anchor &${v.anchor}, shared by its aliases; edit it by hand`;
    else if (v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED') entry.refuse = 'the value is a block scalar';
    else if (flow) entry.refuse = 'the map is written inline ({ … }); edit it by hand';
    out.push(entry);
  }
}

export function readCatalogs(doc: Document.Parsed, text: string, isMcp: (n: string) => boolean): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  const exact = (k: string) => (isMcp(k) ? k : undefined);
  entriesOf(doc, doc.get('catalog', true), { catalog: 'default', section: 'catalog', mapPath: ['catalog'] }, text, exact, out);
  const named = doc.get('catalogs', true);
  if (isMap(named)) {
    for (const item of named.items as Pair[]) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const name = String(item.key.value);
      entriesOf(doc, item.value, { catalog: name, section: `catalogs.${name}`, mapPath: ['catalogs', name] }, text, exact, out);
    }
  }
  return out;
}

/** pnpm-workspace.yaml `overrides` entries that force an MCP package (pnpm 10 keeps them here). */
export function readYamlOverrides(doc: Document.Parsed, text: string, isMcp: (n: string) => boolean): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  const target = (k: string) => {
    const pkg = OVERRIDE_KEY_RE.exec(k)?.[1];
    return pkg && isMcp(pkg) ? pkg : undefined;
  };
  entriesOf(doc, doc.get('overrides', true), { catalog: '', section: 'overrides', mapPath: ['overrides'] }, text, target, out);
  return out;
}

/** The catalog a `catalog:` / `catalog:<name>` spec refers to. */
export function catalogName(spec: string): string {
  const n = spec.trim().slice('catalog:'.length).trim();
  return n === '' ? 'default' : n;
}

/** Scalar source for `value` in the quote style of the scalar it replaces. */
function render(original: string, value: string): string {
  if (original.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  if (original.startsWith('"')) return JSON.stringify(value);
  // Plain stays plain when YAML reads it back as the same string; otherwise quote it.
  if (/^[\^~]?[0-9][0-9A-Za-z.+-]*$/.test(value)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

export type YamlEdit =
  /** Give the entry a new value. */
  | { entry: CatalogEntry; spec: string }
  /** Add entries on new lines right after the entry, in its indentation and key quote style. */
  | { entry: CatalogEntry; insertAfter: [string, string][] }
  /** Remove the entry's own lines. */
  | { entry: CatalogEntry; remove: true };

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}
function lineEnd(text: string, at: number): number {
  const i = text.indexOf('\n', at);
  return i === -1 ? text.length : i + 1;
}

/**
 * Apply the edits (value changes, insertions after an entry, removals). Verified: the
 * re-parsed document equals the original with exactly those changes.
 */
export function editCatalogs(text: string, edits: YamlEdit[]): string {
  const spans: { start: number; end: number; with: string }[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (const e of edits) {
    const [start, end] = e.entry.range ?? [-1, -1];
    if (start < 0) throw new Error(`${e.entry.package} in ${e.entry.section} has no editable value`);
    if ('spec' in e) spans.push({ start, end, with: render(text.slice(start, end), e.spec) });
    else {
      const from = lineStart(text, start);
      const keyAt = text.slice(from, start).search(/\S/);
      const to = lineEnd(text, end);
      const keySource = text.slice(from + keyAt, start);
      if ('remove' in e) {
        spans.push({ start: from, end: to, with: '' });
      } else {
        const indent = text.slice(from, from + keyAt);
        const quote = keySource.startsWith("'") ? "'" : keySource.startsWith('"') ? '"' : "'";
        const valueSource = text.slice(start, end);
        const lines = e.insertAfter.map(([k, v]) => `${indent}${quote}${k}${quote}: ${render(valueSource, v)}${eol}`);
        const needsEol = to === text.length && !text.endsWith('\n') ? eol : '';
        spans.push({ start: to, end: to, with: needsEol + lines.join('') });
      }
    }
  }
  let out = text;
  for (const s of spans.sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, s.start) + s.with + out.slice(s.end);

  const intended = parseDocument(text).toJS() as Record<string, any>;
  for (const e of edits) {
    let map: any = intended;
    for (const p of e.entry.mapPath ?? []) map = map[p];
    const key = e.entry.key ?? e.entry.package;
    if ('spec' in e) map[key] = e.spec;
    else if ('remove' in e) delete map[key];
    else for (const [k, v] of e.insertAfter) map[k] = v;
  }
  const after = parseDocument(out);
  if (after.errors.length || canonical(after.toJS()) !== canonical(intended)) {
    throw new Error('re-parsed pnpm-workspace.yaml differs from the intended edit; nothing changed');
  }
  return out;
}
