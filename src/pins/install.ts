/**
 * The command that refreshes the lockfile after a manifest edit. We never run it and never
 * hand-edit lockfiles: the package manager owns them (Renovate and npm-check-updates agree).
 */
import type { PackageManager } from './types.ts';

export function installCommand(manager: PackageManager): string {
  switch (manager) {
    case 'pnpm':
      return 'pnpm install --lockfile-only --ignore-scripts';
    case 'yarn':
      // yarn 1 has no lockfile-only mode; --ignore-scripts keeps lifecycle scripts from running.
      return 'yarn install --ignore-scripts';
    case 'yarn-berry':
      return 'yarn install --mode=update-lockfile';
    case 'bun':
      return 'bun install --lockfile-only';
    default:
      return 'npm install --package-lock-only --ignore-scripts';
  }
}
