/** `mcp-migrate list`: the transforms, in the order they run. */
import { TRANSFORMS } from '../registry.ts';
import { jsonLine, type Io } from './io.ts';
import { IN_MCP_PACKAGE } from '../../transforms/lib/mcp-package.ts';

const shown = (token: string) => (token === IN_MCP_PACKAGE ? '(a file of an MCP package)' : token);

export function list(flags: { json?: boolean }, io: Io): number {
  for (const t of TRANSFORMS) {
    if (flags.json) io.out(jsonLine({ type: 'transform', ...t.meta }));
    else io.out(`${t.meta.id.padEnd(26)} ${t.meta.summary}\n${''.padEnd(26)} triggers: ${t.meta.triggers.map((tr) => (Array.isArray(tr) ? tr.map(shown).join(' + ') : shown(tr))).join(', ')}\n`);
  }
  return 0;
}
