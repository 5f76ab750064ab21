/**
 * Real resolution: after `pins --to v2` (written), `npm install --package-lock-only
 * --ignore-scripts` against the npm registry succeeds and locks the v2 packages. Uses a small
 * generated npm-workspaces monorepo whose sources already import v2 (the shape
 * `migrate --sdk v2` leaves). Needs network to registry.npmjs.org; set MCP_MIGRATE_OFFLINE=1
 * to skip. Bounded: the install gets 150 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { planPins } from '../../src/pins/plan.ts';

const dir = mkdtempSync(join(tmpdir(), 'pins-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string) {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

it.skipIf(process.env.MCP_MIGRATE_OFFLINE === '1')(
  'npm resolves the rewritten manifests against the registry',
  () => {
    write('package.json', JSON.stringify({ name: 'pins-e2e', private: true, workspaces: ['packages/*'] }, null, 2) + '\n');
    write(
      'packages/api/package.json',
      JSON.stringify({ name: 'api', version: '1.0.0', private: true, dependencies: { '@modelcontextprotocol/sdk': '^1.12.0', zod: '^4.2.0' } }, null, 2) + '\n',
    );
    write(
      'packages/api/src/server.ts',
      "import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';\nimport { toNodeHandler } from '@modelcontextprotocol/node';\nexport { McpServer, createMcpHandler, toNodeHandler };\n",
    );
    write('packages/cli/package.json', JSON.stringify({ name: 'cli', version: '1.0.0', private: true, devDependencies: { '@modelcontextprotocol/sdk': '~1.20.0' } }, null, 2) + '\n');
    write('packages/cli/src/client.ts', "import { Client } from '@modelcontextprotocol/client';\nexport { Client };\n");

    const plan = planPins(dir, { to: 'v2', cwd: dir });
    expect(plan.changes.map((c) => c.rel)).toEqual(['packages/api/package.json', 'packages/cli/package.json']);
    for (const c of plan.changes) writeFileSync(c.abs, c.after);
    expect(JSON.parse(readFileSync(join(dir, 'packages/api/package.json'), 'utf8')).dependencies).toEqual({
      '@modelcontextprotocol/node': '^2.1.2',
      '@modelcontextprotocol/server': '^2.4.0',
      zod: '^4.2.0',
    });
    expect(plan.installCommand).toBe('npm install --package-lock-only --ignore-scripts');

    const [cmd, ...args] = plan.installCommand!.split(' ');
    const r = spawnSync(cmd, [...args, '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 150_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    const version = (name: string) => lock.packages[`node_modules/${name}`]?.version as string | undefined;
    expect(version('@modelcontextprotocol/server')).toMatch(/^2\./);
    expect(version('@modelcontextprotocol/node')).toMatch(/^2\./);
    expect(version('@modelcontextprotocol/client')).toMatch(/^2\./);
    expect(version('@modelcontextprotocol/sdk')).toBeUndefined();

    // The report on the result: every pin now ships 2026-07-28, resolved from the fresh lock.
    const after = planPins(dir, { cwd: dir });
    expect(after.pins.map((p) => [p.manifest, p.package, p.protocol, p.resolved?.split('.')[0]])).toEqual([
      ['packages/api/package.json', '@modelcontextprotocol/node', 'yes', '2'],
      ['packages/api/package.json', '@modelcontextprotocol/server', 'yes', '2'],
      ['packages/cli/package.json', '@modelcontextprotocol/client', 'yes', '2'],
    ]);
  },
  180_000,
);
