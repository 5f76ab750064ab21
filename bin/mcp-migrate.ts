#!/usr/bin/env node
/**
 * Entry point: flags in, one src/cli call out. Nothing else lives here. Each command's module
 * is loaded when that command runs: `migrate` never pays for the YAML, semver and JSONC
 * parsers that `pins` and `audit` need (startup is part of every CI run's floor).
 */
import { Command, CommanderError, Option } from 'commander';
import { processIo } from '../src/cli/io.ts';
import { UsageError } from '../src/cli/options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function common(cmd: Command): Command {
  return cmd
    .option('--cpus <n>', 'worker threads for the files that match (default: available cores)')
    .option('-j <n>', 'alias of --cpus')
    .option('--ignore <glob>', 'skip paths matching the glob (repeatable; relative to each path or the cwd)', collect)
    .option('--no-gitignore', 'do not honor .gitignore files')
    .option('--max-file-size <bytes>', 'skip larger files, with an error (default 2m)')
    .option('--shard <K/N>', 'process only shard K of N (1-based, stable by path) for CI matrices')
    .option('--transforms <ids>', 'comma-separated transform ids (see `mcp-migrate list`)')
    .option('--json', 'newline-delimited JSON records on stdout')
    .option('--include-tests', 'also edit and mark test, mock and fixture files (default: only count their sites)')
    .option('--include-generated', 'also migrate generated, minified and bundled files (default: skipped with a note)')
    .option('--no-color', 'no ANSI colours')
    .option('-q, --quiet', 'only errors on stderr')
    .option('-v, --verbose', 'say why each file was skipped');
}

function run(action: (io: ReturnType<typeof processIo>) => Promise<number> | number, flags: { color?: boolean }) {
  return Promise.resolve()
    .then(() => action(processIo(flags.color)))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err: unknown) => {
      if (err instanceof UsageError) process.stderr.write(`mcp-migrate: ${err.message}\n`);
      else process.stderr.write(`mcp-migrate: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    });
}

const withCpuAlias = <T extends { cpus?: string; j?: string }>(flags: T): T => ({ ...flags, cpus: flags.cpus ?? flags.j });

const program = new Command()
  .name('mcp-migrate')
  .description('Audit and migrate MCP servers and clients to the stateless 2026-07-28 protocol.')
  .showSuggestionAfterError(true)
  .exitOverride();

common(
  program
    .command('migrate')
    .description('preview unified diffs of the migration (default), or --write / --patch them')
    .argument('[paths...]', 'files or directories', [])
    .option('--write', 'apply the changes (atomic writes; refuses a dirty git tree)')
    .option('--dry-run', 'preview only (the default; accepted for muscle memory)')
    .addOption(new Option('--dry').hideHelp())
    .option('--patch <file>', 'also write a git-apply-able patch (- for stdout only)')
    .option('--check', 'exit 1 when any file would change')
    .option('--allow-dirty', 'write even if files to be rewritten have uncommitted changes')
    .option('--allow-no-vcs', 'write even outside a git work tree')
    .addOption(new Option('--sdk <target>', 'SDK generation to target').choices(['auto', 'v1', 'v2']).default('auto'))
    .addOption(new Option('--legacy <posture>', 'v2 servers: stateless serves 2025-era clients too, reject serves 2026-07-28 only, keep puts a 2026-07-28 leg in front of the session code').choices(['stateless', 'reject', 'keep']).default('stateless')),
).action((paths: string[], flags) =>
  run(async (io) => (await import('../src/cli/migrate.ts')).migrate(paths, withCpuAlias({ ...flags, dryRun: flags.dryRun || flags.dry }), io), flags),
);

common(
  program
    .command('audit')
    .description('report session-state dependencies, OAuth clients without iss checks, SDK pins, and markers')
    .argument('[paths...]', 'files or directories', [])
    .option('--format <format>', 'text | json | sarif | markdown', 'text')
    .option('--fail-on <severity>', 'exit 1 when a finding at or above error | warning | info exists')
    .option('--output <file>', 'write the report to a file instead of stdout'),
).action((paths: string[], flags) => run(async (io) => (await import('../src/cli/audit.ts')).audit(paths, withCpuAlias(flags), io), flags));

program
  .command('pins')
  .description('every MCP SDK pin in every workspace; --to VERSION|v2 proposes the bump as a diff')
  .argument('[paths...]', 'monorepo roots', [])
  .option('--to <target>', 'VERSION (keeps each range operator), v2 (split packages each member imports), or pkg@ver[,pkg@ver]')
  .option('--write', 'apply the manifest edits (atomic; same git safety as migrate)')
  .option('--dry-run', 'preview only (the default)')
  .option('--patch <file>', 'also write a git-apply-able patch')
  .option('--check', 'exit 1 when any pin would change')
  .option('--allow-dirty', 'write even if manifests have uncommitted changes')
  .option('--allow-no-vcs', 'write even outside a git work tree')
  .option('--json', 'newline-delimited JSON records on stdout')
  .option('--no-color', 'no ANSI colours')
  .option('-q, --quiet', 'only errors on stderr')
  .action((paths: string[], flags) => run(async (io) => (await import('../src/cli/pins.ts')).pins(paths, flags, io), flags));

program
  .command('list')
  .description('the transforms and what they do')
  .option('--json', 'newline-delimited JSON')
  .action((flags) => run(async (io) => (await import('../src/cli/list.ts')).list(flags, io), flags));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version are not errors; everything else commander rejects is a usage error.
    process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
  } else {
    process.stderr.write(`mcp-migrate: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 2;
  }
}
