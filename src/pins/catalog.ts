/**
 * pnpm catalogs in pnpm-workspace.yaml: `catalog:` (the default catalog) and
 * `catalogs.<name>`. Reading gives each MCP entry with its source position; editing replaces
 * exactly the bytes of one scalar (its source token range from the `yaml` CST), keeping its
 * quote style, so comments, blank lines and every other byte stay as written. Aliases (`*x`)
 * and anchored values (`&x`) are refused: an edit there would change other entries too.
 */
import { isAlias, isMap, isPair, isScalar, parseDocument, type Document, type Pair, type Scalar } from 'yaml';
import { lineColumn } from './json-edit.ts';

export interface CatalogEntry {
  /** `default` for `catalog:` and `catalogs.default`, else the catalog name. */
  catalog: string;
  /** `catalog` or `catalogs.<name>`: the YAML path, as reported. */
  section: string;
  package: string;
  /** The range, or undefined when the value is an alias or not a string. */
  spec?: string;
  refuse?: string;
  /** Byte range of the value scalar in the file. */
  range?: [number, number];
  line: number;
  column: number;
}

function entriesOf(doc: Document.Parsed, map: unknown, catalog: string, section: string, text: string, isMcp: (n: string) => boolean, out: CatalogEntry[]) {
  if (!isMap(map)) return;
  for (const item of map.items as Pair[]) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const name = String(item.key.value);
    if (!isMcp(name)) continue;
    const pos = lineColumn(text, (item.value as any)?.range?.[0] ?? (item.key as Scalar).range?.[0] ?? 0);
    if (isAlias(item.value)) {
      out.push({ catalog, section, package: name, refuse: `the value is a YAML alias (*${item.value.source}); edit its anchor by hand`, ...pos });
      const target = item.value.resolve(doc);
      if (isScalar(target) && typeof target.value === 'string') out[out.length - 1].spec = target.value;
      continue;
    }
    if (!isScalar(item.value) || typeof item.value.value !== 'string') {
      out.push({ catalog, section, package: name, refuse: 'the value is not a string', ...pos });
      continue;
    }
    const v = item.value;
    const entry: CatalogEntry = { catalog, section, package: name, spec: v.value as string, range: [v.range![0], v.range![1]], ...pos };
    if (v.anchor) entry.refuse = `the value carries the YAML anchor &${v.anchor}, shared by its aliases; edit it by hand`;
    else if (v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED') entry.refuse = 'the value is a block scalar';
    out.push(entry);
  }
}

export function readCatalogs(doc: Document.Parsed, text: string, isMcp: (n: string) => boolean): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  entriesOf(doc, doc.get('catalog', true), 'default', 'catalog', text, isMcp, out);
  const named = doc.get('catalogs', true);
  if (isMap(named)) {
    for (const item of named.items as Pair[]) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const name = String(item.key.value);
      entriesOf(doc, item.value, name, `catalogs.${name}`, text, isMcp, out);
    }
  }
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

/**
 * Replace the value of each entry with its new spec. Verified: the re-parsed document equals
 * the original with exactly those values changed.
 */
export function editCatalogs(text: string, edits: { entry: CatalogEntry; spec: string }[]): string {
  const sorted = [...edits].filter((e) => e.entry.range).sort((a, b) => b.entry.range![0] - a.entry.range![0]);
  let out = text;
  for (const { entry, spec } of sorted) {
    const [start, end] = entry.range!;
    out = out.slice(0, start) + render(out.slice(start, end), spec) + out.slice(end);
  }
  const before = parseDocument(text).toJS() as Record<string, any>;
  for (const { entry, spec } of edits) {
    const cat = entry.section === 'catalog' ? before.catalog : before.catalogs[entry.catalog];
    cat[entry.package] = spec;
  }
  const after = parseDocument(out);
  if (after.errors.length || JSON.stringify(after.toJS()) !== JSON.stringify(before)) {
    throw new Error('re-parsed pnpm-workspace.yaml differs from the intended edit; nothing changed');
  }
  return out;
}
