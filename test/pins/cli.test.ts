/** The `pins` command action: table, NDJSON, preview diff, --check, --write, --patch, usage errors. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { pins } from '../../src/cli/pins.ts';
import { UsageError } from '../../src/cli/options.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

let dir: string;
const ROOT = '{\n  "name": "root",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n';
const MEMBER = '{\r\n  "name": "svc",\r\n  "dependencies": {\r\n    "@modelcontextprotocol/sdk": "^1.12.0"\r\n  }\r\n}\r\n';

beforeEach(() => {
  mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
  dir = mkdtempSync(join(process.cwd(), '.tmp', 'pins-cli-'));
  made.push(dir);
  mkdirSync(join(dir, 'packages/svc/src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), ROOT);
  writeFileSync(join(dir, 'packages/svc/package.json'), MEMBER);
  writeFileSync(join(dir, 'packages/svc/src/index.ts'), "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\n");
});

function io() {
  const o = { out: '', err: '' };
  return {
    o,
    io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t), color: false, errTty: false, cwd: dir },
  };
}

describe('pins command', () => {
  it('prints the pin table on stdout and findings on stderr', async () => {
    const { o, io: sink } = io();
    expect(await pins([], {}, sink)).toBe(0);
    expect(o.out).toBe(
      [
        'WORKSPACE  MANIFEST                   PACKAGE                    SECTION       SPEC     RESOLVED  2026-07-28  ISS',
        'svc        packages/svc/package.json  @modelcontextprotocol/sdk  dependencies  ^1.12.0  -         no          no',
        '',
      ].join('\n'),
    );
    expect(o.err).toContain('packages/svc/package.json:4:34: warning: @modelcontextprotocol/sdk ^1.12.0 does not ship the 2026-07-28 protocol');
  });

  it('--json emits pin, finding and summary records with a schema version', async () => {
    const { o, io: sink } = io();
    expect(await pins([], { json: true }, sink)).toBe(0);
    const records = o.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((r) => r.type)).toEqual(['pin', 'finding', 'summary']);
    expect(records[0]).toEqual({
      schema: 1,
      type: 'pin',
      ecosystem: 'npm',
      manifest: 'packages/svc/package.json',
      workspace: 'svc',
      role: 'member',
      package: '@modelcontextprotocol/sdk',
      section: 'dependencies',
      spec: '^1.12.0',
      protocol: 'no',
      iss: 'no',
      line: 4,
      column: 34,
    });
    expect(records[2]).toMatchObject({ schema: 1, type: 'summary', command: 'pins', pins: 1, changed: 0, written: 0, errors: 0 });
  });

  it('--to v2 previews a git-apply-able diff, --check exits 1, --write applies', async () => {
    // Sources already on v2 (after migrate --sdk v2): the v1 SDK is swapped, not kept.
    writeFileSync(join(dir, 'packages/svc/src/index.ts'), "import { Client } from '@modelcontextprotocol/client';\n");
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const preview = io();
    expect(await pins([], { to: 'v2' }, preview.io), preview.o.err).toBe(0);
    expect(preview.o.out).toContain('-    "@modelcontextprotocol/sdk": "^1.12.0"');
    expect(preview.o.out).toContain('+    "@modelcontextprotocol/client": "^2.4.0"');
    writeFileSync(join(dir, 'bump.diff'), preview.o.out);
    execFileSync('git', ['apply', '--check', 'bump.diff'], { cwd: dir });
    expect(preview.o.err).toContain('after writing, refresh the lockfile with: npm install --package-lock-only --ignore-scripts');

    expect(await pins([], { to: 'v2', check: true }, io().io)).toBe(1);
    const w = io();
    expect(await pins([], { to: 'v2', write: true, allowDirty: true }, w.io), w.o.err).toBe(0);
    expect(readFileSync(join(dir, 'packages/svc/package.json'), 'utf8')).toBe(MEMBER.replace('"@modelcontextprotocol/sdk": "^1.12.0"', '"@modelcontextprotocol/client": "^2.4.0"'));
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(ROOT);
    expect(await pins([], { to: 'v2', check: true }, io().io)).toBe(0);
  });

  it('rejects contradicting or incomplete flags with a usage error', async () => {
    await expect(pins([], { write: true }, io().io)).rejects.toThrow(UsageError);
    await expect(pins([], { to: 'v2', write: true, dryRun: true }, io().io)).rejects.toThrow(UsageError);
    await expect(pins([], { to: 'nonsense' }, io().io)).rejects.toThrow(/--to takes v2/);
    await expect(pins(['does-not-exist'], {}, io().io)).rejects.toThrow(/not a directory/);
  });
});
