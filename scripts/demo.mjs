// `npm run demo`: audit the bundled example monorepo, then preview its migration.
// Nothing is written; the example stays as it is in git.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist', 'bin', 'mcp-migrate.js');
const example = 'examples/legacy-monorepo';

const steps = [
  ['1. Audit: what depends on sessions, which OAuth clients skip iss, what is pinned', ['audit', example]],
  ['2. Migration preview (nothing is written; add --write to apply)', ['migrate', example]],
  [
    "2b. The HTTP server on SDK v2: createMcpHandler with its legacy posture named ('stateless' also serves 2025-era clients; --legacy reject serves 2026-07-28 only)",
    ['migrate', `${example}/packages/http-server`, '--sdk', 'v2'],
  ],
  ['3. SDK pins and the proposed bump to the v2 packages (a diff too)', ['pins', example, '--to', 'v2']],
];

let failed = false;
for (const [title, args] of steps) {
  process.stdout.write(`\n=== ${title}\n$ mcp-migrate ${args.join(' ')}\n\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, stdio: 'inherit' });
  // Exit 1 only means "findings/changes pending", which is the point of a demo.
  if (r.status !== 0 && r.status !== 1) failed = true;
}
process.exit(failed ? 1 : 0);
