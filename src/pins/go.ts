/** Go pins: `github.com/modelcontextprotocol/go-sdk` in go.mod `require` (single line or block). */
import { lineColumn } from './json-edit.ts';

export const GO_SDK = 'github.com/modelcontextprotocol/go-sdk';

export interface GoPin {
  section: 'require' | 'replace';
  version: string;
  indirect: boolean;
  line: number;
  column: number;
}

export function readGoMod(text: string): GoPin[] {
  const pins: GoPin[] = [];
  let block: 'require' | 'replace' | undefined;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').replace(/\/\/(?! indirect).*$/, '');
    const open = /^\s*(require|replace)\s*\(\s*$/.exec(line);
    if (open) block = open[1] as 'require' | 'replace';
    else if (block && /^\s*\)\s*$/.test(line)) block = undefined;
    else {
      const single = /^\s*(require|replace)\s+(.*)$/.exec(line);
      const kind = single ? (single[1] as 'require' | 'replace') : block;
      const body = single ? single[2] : block ? line : '';
      if (kind === 'require') {
        const m = /^\s*github\.com\/modelcontextprotocol\/go-sdk\s+(v\S+)(\s*\/\/ indirect)?/.exec(body);
        if (m) pins.push({ section: 'require', version: m[1], indirect: !!m[2], ...lineColumn(text, offset + raw.indexOf('github.com/modelcontextprotocol/go-sdk')) });
      } else if (kind === 'replace') {
        const m = /^\s*github\.com\/modelcontextprotocol\/go-sdk(?:\s+v\S+)?\s*=>\s*(\S+)(?:\s+(v\S+))?/.exec(body);
        if (m) pins.push({ section: 'replace', version: m[2] ?? m[1], indirect: false, ...lineColumn(text, offset + raw.indexOf('github.com/modelcontextprotocol/go-sdk')) });
      }
    }
    offset += raw.length + 1;
  }
  return pins;
}
