/**
 * Which SDK versions ship the 2026-07-28 protocol revision and client-side `iss` validation
 * (SEP-2468 / RFC 9207). One table, every row sourced; `unconfirmed` where we could not
 * verify a claim, never a guess.
 *
 * Sources (read 2026-11-24):
 * - TypeScript v2 packages (`@modelcontextprotocol/server`, `/client`, `/core`, `/node`,
 *   `/express`, `/hono`, `/fastify`): packages/<pkg>/CHANGELOG.md in
 *   modelcontextprotocol/typescript-sdk, entry for 2.0.0 (#2402 "First beta release of SDK v2
 *   with support for the MCP 2026-07-28 specification revision"); tags
 *   `@modelcontextprotocol/client@2.0.0-beta.1` (2026-06-30, first pre-release with the
 *   2026-07-28 wire and `IssuerMismatchError`) and `@modelcontextprotocol/client@2.0.0`
 *   (2026-07-28, first stable). Client iss validation: typescript-sdk #2344 (RFC 9207 iss +
 *   RFC 8414 §3.3 issuer echo) and #2357 (`finishAuth(URLSearchParams)`), shipped via #2286;
 *   see also the closing note on #2272.
 * - `@modelcontextprotocol/sdk` (v1): no 1.x release speaks 2026-07-28 or validates `iss`
 *   (mcp-2026-07-28.md §2–3: 1.32.2 is the latest 1.x, 2025-era protocol only, `finishAuth(code)`).
 * - `@modelcontextprotocol/server-legacy`: the frozen v1 transport/auth snapshot; whether it
 *   serves 2026-07-28 we could not confirm.
 * - Python `mcp`: modelcontextprotocol/python-sdk releases. v2.0.0a3 (2026-06-26) made
 *   2026-07-28 negotiable end to end (#2928, #2950; `MODERN_PROTOCOL_VERSIONS =
 *   ("2026-07-28",)` in src/mcp-types/mcp_types/version.py) and carries #2921 "Validate the
 *   `iss` authorization-response parameter (RFC 9207 / SEP-2468)" (merged 2026-06-20, first tag
 *   v2.0.0a3); v2.0.0b1 release notes: "the first release with full support for the 2026-07-28
 *   MCP specification"; v2.0.0 (tagged 2026-07-28) is the first stable. v1.29.0 (latest 1.x
 *   tag) has neither.
 * - Go `github.com/modelcontextprotocol/go-sdk`: release notes of v1.7.0 ("This release brings
 *   full support for protocol version 2026-07-28"; HTTP serves it only with
 *   `StreamableHTTPOptions.Stateless = true`); tags: `protocolVersion20260728` first appears in
 *   v1.7.0-pre.1, absent from v1.6.1. Client iss validation: go-sdk #859 "auth: issuer mix-up
 *   mitigation" (commit 2d47cc9, 2026-05-27), first tag v1.7.0-pre.1. Note go-sdk #1152: v1.7.0
 *   rejects a correct but unadvertised `iss` (fixed after v1.7.0 by `AcceptUnadvertisedIss`).
 * - Latest versions (for `--to v2` targets): `npm view` on 2026-11-24: server/client/core 2.4.0,
 *   node 2.1.2, express 2.0.2, hono 2.0.2, fastify 2.0.1, server-legacy 2.3.1.
 *
 * Frameworks that carry the SDK for their users (read 2026-12-02 from their repositories'
 * tags, package.json and CHANGELOG.md; `latest` from `npm view`):
 * - `agents` (cloudflare/agents, packages/agents): 0.20.0 (tag agents@0.20.0, 2026-07-27) is the
 *   first on the v2 packages (`"@modelcontextprotocol/server": "2.0.0-beta.5"`; 0.19.0 had only
 *   `@modelcontextprotocol/sdk` 1.29.0). CHANGELOG 0.20.0 (#1557): "Add MCP SDK v2 client and
 *   server support", and "`McpAgent` is deprecated and feature-frozen as a stateful SDK v1
 *   path": the 2026-07-28 server is its `createMcpHandler` path, never `McpAgent`. Its MCP
 *   client passes the whole callback query to v2 `finishAuth(callbackParams)` from 0.20.0
 *   (src/mcp/client-connection.ts; 0.19.0: `finishAuth(code)` on v1), which validates `iss`
 *   (read in the code; no agents test of a mix-up exists). Latest 0.32.0.
 * - `mcp-handler` (vercel/mcp-handler): CHANGELOG 2.0.0 (tag v2.0.0, 2026-07-29): "The handler
 *   now serves the stateless 2026-07-28 protocol … natively"; "requires
 *   `@modelcontextprotocol/server` ^2.0.0 (replaces the `@modelcontextprotocol/sdk` peer
 *   dependency)". Server only: no OAuth client. Latest 2.4.0.
 * - `fastmcp` (punkpeye/fastmcp): every tag through v4.16.8 depends on
 *   `@modelcontextprotocol/sdk` ^1.24.3, and its README (since v4.12.7): "It does not support
 *   the current specification, `2026-07-28`". Its OAuthProxy callback reads `code` and `state`
 *   only. Latest 4.20.16, still on `@modelcontextprotocol/sdk` ^1.24.3.
 * - `@hono/mcp` (honojs/middleware, packages/mcp): every tag through @hono/mcp@0.3.2 peers on
 *   `@modelcontextprotocol/sdk` (^1.29.0), no 2026-07-28 code; server-side auth only. Not the
 *   SDK's own `@modelcontextprotocol/hono` adapter.
 */
import semver from 'semver';
import type { Ecosystem, Support } from './types.ts';

/** A version floor: the first version that has it, or a verdict that holds for every version. */
export type Floor = { since: string; prerelease?: string } | 'never' | 'unconfirmed' | 'n/a';

export interface PackageFacts {
  ecosystem: Ecosystem;
  name: string;
  /** First version that speaks the 2026-07-28 revision (`prerelease`: first pre-release that did). */
  protocol: Floor;
  /** First version whose OAuth client validates `iss` (SEP-2468); `n/a` for non-client packages. */
  iss: Floor;
  /** Latest version seen on the registry (used for `--to v2` targets). */
  latest?: string;
  /** Peer dependencies users must provide themselves (adapters and their frameworks). */
  peers?: Record<string, string>;
  /** A framework that carries the SDK for its users: reported, never bumped by `--to`. */
  carrier?: true;
  /** For carriers: what a person must know beyond the version (which API serves 2026-07-28). */
  note?: string;
}

export const FACTS: readonly PackageFacts[] = [
  { ecosystem: 'npm', name: '@modelcontextprotocol/sdk', protocol: 'never', iss: 'never', latest: '1.32.2' },
  { ecosystem: 'npm', name: '@modelcontextprotocol/server', protocol: { since: '2.0.0', prerelease: '2.0.0-beta.1' }, iss: 'n/a', latest: '2.4.0' },
  { ecosystem: 'npm', name: '@modelcontextprotocol/client', protocol: { since: '2.0.0', prerelease: '2.0.0-beta.1' }, iss: { since: '2.0.0', prerelease: '2.0.0-beta.1' }, latest: '2.4.0' },
  { ecosystem: 'npm', name: '@modelcontextprotocol/core', protocol: { since: '2.0.0', prerelease: '2.0.0-beta.1' }, iss: 'n/a', latest: '2.4.0' },
  { ecosystem: 'npm', name: '@modelcontextprotocol/node', protocol: { since: '2.0.0', prerelease: '2.0.0-beta.1' }, iss: 'n/a', latest: '2.1.2', peers: { '@modelcontextprotocol/server': '^2.4.0' } },
  { ecosystem: 'npm', name: '@modelcontextprotocol/express', protocol: { since: '2.0.0', prerelease: '2.0.0-beta.1' }, iss: 'n/a', latest: '2.0.2', peers: { express: '^4.18.0 || ^5.0.0', '@modelcontextprotocol/server': '^2.3.0' } },
  { ecosystem: 'npm', name: '@modelcontextprotocol/hono', protocol: { since: '2.0.0', prerelease: '2.0.0-beta.1' }, iss: 'n/a', latest: '2.0.2', peers: { hono: '^4.11.4', '@modelcontextprotocol/server': '^2.3.0' } },
  { ecosystem: 'npm', name: '@modelcontextprotocol/fastify', protocol: { since: '2.0.0', prerelease: '2.0.0-beta.1' }, iss: 'n/a', latest: '2.0.1', peers: { fastify: '^5.2.0', '@modelcontextprotocol/server': '^2.3.0' } },
  { ecosystem: 'npm', name: '@modelcontextprotocol/server-legacy', protocol: 'unconfirmed', iss: 'n/a', latest: '2.3.1', peers: { express: '^4.18.0 || ^5.0.0' } },
  { ecosystem: 'pypi', name: 'mcp', protocol: { since: '2.0.0', prerelease: '2.0.0a3' }, iss: { since: '2.0.0', prerelease: '2.0.0a3' } },
  { ecosystem: 'go', name: 'github.com/modelcontextprotocol/go-sdk', protocol: { since: 'v1.7.0', prerelease: 'v1.7.0-pre.1' }, iss: { since: 'v1.7.0', prerelease: 'v1.7.0-pre.1' } },
  {
    ecosystem: 'npm',
    name: 'agents',
    protocol: { since: '0.20.0' },
    iss: { since: '0.20.0' },
    latest: '0.32.0',
    carrier: true,
    note: 'only its createMcpHandler path serves 2026-07-28; McpAgent stays a 2025-era (v1, sessionful) server',
  },
  { ecosystem: 'npm', name: 'mcp-handler', protocol: { since: '2.0.0' }, iss: 'n/a', latest: '2.4.0', carrier: true },
  { ecosystem: 'npm', name: 'fastmcp', protocol: 'never', iss: 'n/a', latest: '4.20.16', carrier: true, note: 'its README says it implements the 2025-11-25 and earlier revisions only' },
  { ecosystem: 'npm', name: '@hono/mcp', protocol: 'never', iss: 'n/a', latest: '0.3.2', carrier: true },
];

const BY_KEY = new Map(FACTS.map((f) => [`${f.ecosystem}:${f.name}`, f]));

export function factsFor(ecosystem: Ecosystem, name: string): PackageFacts | undefined {
  return BY_KEY.get(`${ecosystem}:${name}`);
}

/** Every npm SDK package `pins` looks for and can move, in report order. */
export const MCP_NPM_PACKAGES: readonly string[] = FACTS.filter((f) => f.ecosystem === 'npm' && !f.carrier).map((f) => f.name);

/** Frameworks that carry the SDK for their users: reported with what their version serves. */
export const CARRIER_PACKAGES: readonly string[] = FACTS.filter((f) => f.carrier).map((f) => f.name);

/**
 * PEP 440 (`2.0.0a3`, `2.0.0rc1`, `2.0`) and Go (`v1.7.0-pre.1`) versions as semver, so one
 * comparison serves all three ecosystems. `a` < `b` < `rc` also holds as semver pre-release
 * identifiers. Returns null for anything else (local versions, epochs, pseudo-versions keep
 * their semver shape and are compared as pre-releases, which is what Go does).
 */
export function toSemver(ecosystem: Ecosystem, version: string): string | null {
  if (ecosystem === 'pypi') {
    const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.\d+)*(?:[-_.]?(a|b|rc|alpha|beta|c|pre|preview)[-_.]?(\d*))?(?:\.post\d+)?$/i.exec(version.trim());
    if (!m) return null;
    const core = `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
    if (!m[4]) return core;
    const tag = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' }[m[4].toLowerCase()] ?? m[4].toLowerCase();
    return `${core}-${tag}.${m[5] || 0}`;
  }
  return semver.valid(version, { loose: true });
}

function meets(ecosystem: Ecosystem, version: string, floor: Floor): Support {
  if (floor === 'never') return 'no';
  if (floor === 'n/a') return 'n/a';
  if (floor === 'unconfirmed') return 'unknown';
  const v = toSemver(ecosystem, version);
  const since = toSemver(ecosystem, floor.since);
  if (!v || !since) return 'unknown';
  if (semver.gte(v, since)) return 'yes';
  if (floor.prerelease) {
    const pre = toSemver(ecosystem, floor.prerelease);
    // Pre-releases of the same line from the first supporting one onwards: yes.
    if (pre && semver.prerelease(v) && semver.gte(v, pre)) return 'yes';
  }
  return 'no';
}

/** What `version` of `name` supports. Unknown packages and unparsable versions give `unknown`. */
export function supportOf(ecosystem: Ecosystem, name: string, version: string | undefined): { protocol: Support; iss: Support } {
  const facts = factsFor(ecosystem, name);
  if (!facts) return { protocol: 'unknown', iss: 'unknown' };
  // Verdicts that hold for every version need no version at all.
  const whole = (f: Floor): Support | undefined =>
    f === 'never' ? 'no' : f === 'n/a' ? 'n/a' : f === 'unconfirmed' ? 'unknown' : undefined;
  if (version === undefined) {
    return { protocol: whole(facts.protocol) ?? 'unknown', iss: whole(facts.iss) ?? 'unknown' };
  }
  return { protocol: meets(ecosystem, version, facts.protocol), iss: meets(ecosystem, version, facts.iss) };
}

/** Short human form of a floor for messages: `2.0.0+`, `never`, `unconfirmed`. */
export function floorText(floor: Floor): string {
  return typeof floor === 'string' ? floor : `${floor.since}+`;
}
