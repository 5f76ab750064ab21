/**
 * session-state called directly (as plain `jscodeshift -t` calls it, without the engine's own
 * bare-CR refusal in front): a file with bare CR line breaks is left alone, never thrown on.
 * Its line helpers split on `\n`, while the parser counts `\r` as a line break, so any edit it
 * planned would land on the wrong line. CRLF and LF files of the same server do migrate.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { API, JSCodeshift } from 'jscodeshift';
import transform from '../../transforms/session-state.ts';

const require = createRequire(import.meta.url);
const j = (require('jscodeshift') as JSCodeshift).withParser('tsx');
const api = { jscodeshift: j, j, stats: () => {}, report: () => {} } as unknown as API;

const server = [
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
  "import { z } from 'zod';",
  '',
  'const tallies = new Map<string, number>();',
  '',
  "const server = new McpServer({ name: 'tally', version: '1.0.0' });",
  "server.registerTool('bump', { inputSchema: { by: z.number() } }, async ({ by }, extra) => {",
  '  if (!tallies.has(extra.sessionId!)) tallies.set(extra.sessionId!, 0);',
  '  tallies.set(extra.sessionId!, tallies.get(extra.sessionId!)! + by);',
  "  return { content: [{ type: 'text', text: String(tallies.get(extra.sessionId!)) }] };",
  '});',
  '',
];

const run = (source: string) => transform({ path: 'tally.ts', source }, api, {});

describe('session-state and line endings', () => {
  it('migrates the LF and the CRLF file alike', () => {
    const lf = run(server.join('\n'));
    const crlf = run(server.join('\r\n'));
    expect(lf).toContain('open_tally');
    expect(crlf).toBe(lf!.replace(/\n/g, '\r\n'));
  });

  it('leaves a bare-CR file unchanged without throwing', () => {
    expect(() => run(server.join('\r'))).not.toThrow();
    expect(run(server.join('\r'))).toBeUndefined();
  });

  it('leaves a file unchanged when one bare CR hides among its LF line breaks', () => {
    const mixed = server.join('\n').replace('const tallies', '// counted per session\rconst tallies');
    expect(run(mixed)).toBeUndefined();
  });
});
