/**
 * Our package-level v1→v2 import mapping (src/pins/imports.ts) agrees with the official
 * codemod's own choice of packages for the same sources: its dry run reports the manifest
 * change it would make (`packageJsonChanges[].added`) without writing anything.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMigration, run } from '@modelcontextprotocol/codemod';
import { afterAll, expect, it } from 'vitest';
import { scanImports } from '../../src/pins/imports.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const SHAPES: Record<string, string> = {
  'server-streamable': "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';\nconst s = new McpServer({ name: 'x', version: '1' });\nexport const t = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });\nexport { s };\n",
  client: "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nexport const c = new Client({ name: 'x', version: '1' });\n",
  'server-stdio-types': "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';\nimport type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';\nexport const r: CallToolResult = { content: [] };\nexport const s = new McpServer({ name: 'x', version: '1' });\nexport const t = new StdioServerTransport();\n",
};

it.each(Object.keys(SHAPES))('%s: same v2 packages as the codemod', (shape) => {
  mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), '.tmp', `pins-codemod-${shape}-`));
  made.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: shape, version: '1.0.0', dependencies: { '@modelcontextprotocol/sdk': '^1.12.0', zod: '^4.2.0' } }, null, 2) + '\n');
  writeFileSync(join(dir, 'src/index.ts'), SHAPES[shape]);
  const before = readFileSync(join(dir, 'src/index.ts'), 'utf8');
  const result = run(getMigration('v1-to-v2')!, { targetDir: dir, dryRun: true });
  expect(readFileSync(join(dir, 'src/index.ts'), 'utf8')).toBe(before);
  const theirs = (result.packageJsonChanges ?? []).flatMap((c) => c.added).map((a) => a.replace(/@[\^~]?\d.*$/, '')).sort();
  const ours = scanImports(dir, ['src/index.ts']).packages;
  expect(theirs.length).toBeGreaterThan(0);
  expect(ours).toEqual(theirs);
}, 60_000);
