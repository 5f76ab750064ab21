/**
 * Python pins of the `mcp` distribution: requirements*.txt lines and pyproject.toml
 * (PEP 621 `dependencies` / `optional-dependencies`, PEP 735 `dependency-groups`, Poetry
 * `tool.poetry[.group.<g>].dependencies`). A line-based reader, not a TOML parser: it knows
 * table headers, quoted requirement strings and `name = "spec"` / `{ version = "spec" }`.
 */
import { lineColumn } from './json-edit.ts';

export interface PyPin {
  section: string;
  spec: string;
  line: number;
  column: number;
}

/** `mcp`, `mcp[cli]`, `MCP` followed by a specifier, marker, comment or nothing — not `mcp-foo`. */
const REQ_RE = /^\s*mcp(\[[^\]]*\])?\s*((?:[<>=!~]=?|===)[^;#]*)?\s*(?:;[^#]*)?(?:#.*)?$/i;

export function lowestPyVersion(spec: string): string | undefined {
  const m = /(?:===|==|~=|>=)\s*([0-9][0-9A-Za-z.!+-]*)/.exec(spec);
  return m ? m[1].replace(/\.\*$/, '') : undefined;
}

export function readRequirements(text: string): PyPin[] {
  const pins: PyPin[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = REQ_RE.exec(line.replace(/\r$/, ''));
    if (m) {
      const at = offset + line.search(/\S/);
      pins.push({ section: 'requirements', spec: (m[2] ?? '').trim(), ...lineColumn(text, at) });
    }
    offset += line.length + 1;
  }
  return pins;
}

export function readPyproject(text: string): PyPin[] {
  const pins: PyPin[] = [];
  let table = '';
  let arrayKey: string | undefined;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$/.exec(line);
    if (header && !line.trim().startsWith('[[')) {
      table = header[1].replace(/["']/g, '');
      arrayKey = undefined;
    } else {
      const keyStart = /^\s*([\w.-]+)\s*=\s*(.*)$/.exec(line);
      if (keyStart && arrayKey === undefined) {
        const key = keyStart[1];
        const rest = keyStart[2];
        // Poetry: mcp = "^1.2" or mcp = { version = "^1.2", extras = ["cli"] }
        if (/^tool\.poetry(\.group\.[\w-]+)?\.(dev-)?dependencies$/.test(table) && key.toLowerCase() === 'mcp') {
          const v = /^"([^"]*)"/.exec(rest) ?? /version\s*=\s*"([^"]*)"/.exec(rest);
          if (v) pins.push({ section: table, spec: v[1], ...lineColumn(text, offset + line.indexOf(key)) });
        } else if (rest.trim().startsWith('[')) {
          arrayKey = key;
        }
      }
      if (arrayKey !== undefined) {
        const section =
          table === 'project' && arrayKey === 'dependencies' ? 'project.dependencies'
          : table === 'project.optional-dependencies' ? `project.optional-dependencies.${arrayKey}`
          : table === 'dependency-groups' ? `dependency-groups.${arrayKey}`
          : undefined;
        if (section) {
          for (const s of line.matchAll(/(["'])(.*?)\1/g)) {
            const m = REQ_RE.exec(s[2]);
            if (m) pins.push({ section, spec: (m[2] ?? '').trim(), ...lineColumn(text, offset + (s.index ?? 0)) });
          }
        }
        if (/\]\s*(?:#.*)?$/.test(line.replace(/(["']).*?\1/g, '""'))) arrayKey = undefined;
      }
    }
    offset += raw.length + 1;
  }
  return pins;
}
