/**
 * --sdk v2 composes the official v1-to-v2 codemod (renames) with our transforms, and the
 * preview is the combined diff against what is on disk; manifests are left to `pins`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, gitInit, runCli, tempDir } from '../helpers/cli.ts';

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

describe('migrate --sdk v2', () => {
  it('applies the official renames and our rules in one diff, and writes it', () => {
    const dir = tempDir();
    dirs.push(dir);
    const manifest = JSON.stringify({ name: 'm', dependencies: { '@modelcontextprotocol/sdk': '^1.20.0' } }, null, 2) + '\n';
    writeFileSync(join(dir, 'package.json'), manifest);
    mkdirSync(join(dir, 'src'));
    const source = [
      "import { McpError } from '@modelcontextprotocol/sdk/types.js';",
      '',
      'export function missing(uri: string) {',
      '  return new McpError(-32002, `${uri} not found`);',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'src', 'errors.ts'), source);
    gitInit(dir);

    const preview = runCli(['migrate', '--sdk', 'v2', '.'], { cwd: dir });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^-import \{ McpError \} from '@modelcontextprotocol\/sdk\/types\.js';$/m);
    expect(preview.stdout).toMatch(/^\+import \{ ProtocolError \} from "@modelcontextprotocol\/(server|core|client)";$/m);
    expect(preview.stdout).toMatch(/^\+ {2}return new ProtocolError\(-32602, `\$\{uri\} not found`\);$/m);
    expect(readFileSync(join(dir, 'src', 'errors.ts'), 'utf8')).toBe(source);

    const write = runCli(['migrate', '--sdk', 'v2', '.', '--write'], { cwd: dir });
    expect(write.code, write.stderr).toBe(0);
    expect(readFileSync(join(dir, 'src', 'errors.ts'), 'utf8')).toContain('new ProtocolError(-32602');
    // The official codemod edits the nearest manifest itself; we never let it (pins does that).
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(manifest);
    // Idempotent: a second run over the written tree has nothing to do.
    const again = runCli(['migrate', '--sdk', 'v2', '.', '--check'], { cwd: dir });
    expect(again.code, again.stdout).toBe(0);
  }, 60_000);

  it('drops an official-codemod rewrite that no longer parses (a v2 type clashing with a local import), and says so', () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'm', dependencies: { '@modelcontextprotocol/sdk': '^1.20.0' } }));
    writeFileSync(join(dir, 'context.ts'), 'export interface ServerContext { region: string }\n');
    const source = [
      "import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';",
      "import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';",
      "import type { ServerContext } from './context';",
      '',
      'export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;',
      'export const here = (c: ServerContext) => c.region;',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'tool.ts'), source);
    gitInit(dir);

    const preview = runCli(['migrate', '--sdk', 'v2', '--json', '.'], { cwd: dir });
    const lines = preview.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const refused = lines.find((l) => l.type === 'finding' && l.rule === 'v1-to-v2' && /does not parse/.test(l.message));
    expect(refused, preview.stdout).toMatchObject({ severity: 'error', file: 'tool.ts' });
    expect(lines.some((l) => l.type === 'change' && l.path === 'tool.ts')).toBe(false);
    expect(readFileSync(join(dir, 'tool.ts'), 'utf8')).toBe(source);
  }, 60_000);
});
