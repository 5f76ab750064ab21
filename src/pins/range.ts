/**
 * npm dependency specs: which ones we may rewrite, and rewriting them to a new version while
 * keeping the operator style the author chose (`^1.12.0` → `^2.4.0`, `~1.2` → `~2.4`,
 * `1.2.3` → `2.4.0`, `>=1.0.0` → `>=2.4.0`, `1.x` → `2.x`).
 */
import semver from 'semver';

export type SpecKind =
  | { kind: 'range'; operator: string; precision: 1 | 2 | 3; wildcard: boolean; vPrefix: boolean }
  | { kind: 'refuse'; reason: string };

/** Why a spec is not a plain version range, or null when it is one we could rewrite. */
export function refusalReason(spec: string): string | null {
  const s = spec.trim();
  if (s.startsWith('workspace:')) return 'a workspace: protocol spec follows the local package';
  if (s.startsWith('catalog:')) return 'a catalog: spec follows the pnpm catalog entry';
  if (s.startsWith('file:')) return 'a file: spec points at a local path';
  if (s.startsWith('link:') || s.startsWith('portal:')) return 'a link: spec points at a local path';
  if (s.startsWith('npm:')) return 'an npm: alias installs another package under this name';
  if (s.startsWith('patch:')) return 'a patch: spec wraps another spec with a patch file';
  if (s.startsWith('$')) return 'a $reference follows the root dependency of that name';
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(s) || /\.git(#.*)?$/.test(s)) return 'a git spec pins a repository, not a registry version';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return 'a URL spec pins a tarball';
  if (/^[\w.-]+\/[\w.-]+(#.*)?$/.test(s)) return 'a GitHub shorthand spec pins a repository';
  return null;
}

export function classifySpec(spec: string): SpecKind {
  const reason = refusalReason(spec);
  if (reason) return { kind: 'refuse', reason };
  const s = spec.trim();
  if (s === '' || s === '*' || s === 'x' || s === 'X' || s === 'latest') {
    return { kind: 'refuse', reason: 'an any-version spec already admits every release' };
  }
  const m = /^(\^|~|>=|=)?\s*(v)?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(s);
  if (!m) {
    if (/^[a-z][\w.-]*$/i.test(s)) return { kind: 'refuse', reason: `"${s}" is a dist-tag, not a version range` };
    return { kind: 'refuse', reason: 'a compound range (||, hyphen, or upper bound) needs a person to choose the new bounds' };
  }
  const parts = [m[3], m[4], m[5]].filter((p) => p !== undefined);
  const wildcard = parts.some((p) => /[xX*]/.test(p!));
  const numeric = parts.filter((p) => !/[xX*]/.test(p!)).length as 1 | 2 | 3;
  return { kind: 'range', operator: m[1] ?? '', precision: numeric, wildcard, vPrefix: m[2] === 'v' };
}

/**
 * The spec that asks for `target` in the style of `spec`, or a refusal. `target` is a full
 * version (`2.4.0`). Precision is kept: `^1.12` → `^2.4`, `1.x` → `2.x`, `1` → `2`.
 */
export function rewriteSpec(spec: string, target: string): { spec: string } | { refuse: string } {
  const kind = classifySpec(spec);
  if (kind.kind === 'refuse') return { refuse: kind.reason };
  const v = semver.parse(target);
  if (!v) return { refuse: `"${target}" is not a version` };
  const nums = [v.major, v.minor, v.patch];
  let body: string;
  if (kind.wildcard) {
    body = [...nums.slice(0, kind.precision), 'x'].join('.');
  } else if (kind.precision === 3) {
    body = v.version;
  } else {
    body = nums.slice(0, kind.precision).join('.');
  }
  return { spec: `${kind.operator}${kind.vPrefix ? 'v' : ''}${body}` };
}

/** The lowest version a spec admits (`^1.12.0` → 1.12.0), or null for non-ranges. */
export function lowestVersion(spec: string): string | null {
  if (refusalReason(spec)) return null;
  try {
    return semver.minVersion(spec)?.version ?? null;
  } catch {
    return null;
  }
}

/** Same major line? Used to decide which pins a bare `--to X.Y.Z` applies to. */
export function sameMajor(spec: string, target: string): boolean {
  const low = lowestVersion(spec);
  const t = semver.parse(target);
  return !!low && !!t && semver.major(low) === t.major;
}
