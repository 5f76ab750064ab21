/** Shapes shared by the pins modules and by the reports that show pins (audit, `pins`). */

export type Ecosystem = 'npm' | 'pypi' | 'go';

/** What a version ships: `n/a` when the feature does not live in that package (iss checks run in clients). */
export type Support = 'yes' | 'no' | 'unknown' | 'n/a';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-berry' | 'bun';

/** One declared MCP SDK pin in one manifest. */
export interface PinRecord {
  ecosystem: Ecosystem;
  /** Manifest path relative to the working directory, POSIX separators. */
  manifest: string;
  /** Workspace member name (`name` of its package.json), else its directory, `.` for the root. */
  workspace: string;
  /** `root`, `member` (listed by the workspace globs) or `stray` (any other manifest outside node_modules). */
  role: 'root' | 'member' | 'stray' | 'catalog';
  package: string;
  /**
   * dependencies | devDependencies | peerDependencies | optionalDependencies | overrides |
   * resolutions | pnpm.overrides | catalog | catalogs.<name> | project.dependencies |
   * project.optional-dependencies.<extra> | tool.poetry.dependencies | requirements | require
   */
  section: string;
  /** Declared range exactly as written (`^1.12.0`, `catalog:`, `>=1.27,<2`, `v1.7.0`). */
  spec: string;
  /** For `catalog:` specs: the catalog entry's range this pin follows. */
  catalogSpec?: string;
  /** Version the lockfile resolved (npm/pnpm/yarn/uv/poetry lockfiles; go.mod's own version). */
  resolved?: string;
  /** Lockfile the resolved version came from, relative to the working directory. */
  lockfile?: string;
  /** Does the resolved version (else the lowest version the range admits) ship the 2026-07-28 protocol? */
  protocol: Support;
  /** Does it validate the OAuth authorization-response `iss` (SEP-2468, RFC 9207) on the client side? */
  iss: Support;
  /** 1-based position of the value in the manifest. */
  line: number;
  column: number;
  /**
   * Set on pins of frameworks that carry the MCP SDK for their users (`agents`, `mcp-handler`,
   * …): reported with what their version serves, never bumped.
   */
  carrier?: boolean;
  /** With `--to`: the spec this pin gets (`(removed)` when `--to v2` replaces the package). */
  proposed?: string;
}

export interface PinChange {
  /** Relative to the working directory, POSIX separators. */
  rel: string;
  abs: string;
  before: string;
  after: string;
  /** Hash of `before` (src/engine/read.ts hashBytes), for the stale-file check at write time. */
  readHash: string;
}

/** How reports name a pin's package: a framework carrying the SDK reads "via agents". */
export function pinPackageLabel(p: Pick<PinRecord, 'package' | 'carrier'>): string {
  return p.carrier ? `via ${p.package}` : p.package;
}
