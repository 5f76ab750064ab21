/**
 * Is a file part of an MCP package: does the nearest package.json above it depend on the MCP
 * SDK (`@modelcontextprotocol/*`)? A gateway's session registry
 * or a server's session store module often never says "mcp" itself, yet its package serves
 * MCP: its `sessionId` is an MCP session's. Outside such packages a "session" is someone
 * else's (a browser's, a web login's).
 *
 * Reads the disk, not the engine's text: `path` is relative to the process's cwd (the
 * engine's convention, shared by workers). One answer per directory, cached; an unreadable
 * or unparsable package.json counts as not MCP.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * A trigger token (src/engine/prefilter.ts) that holds when the file is in an MCP package:
 * `['.set(sessionId', IN_MCP_PACKAGE]`. Put it last in a trigger. Not a byte sequence a
 * source file holds.
 */
export const IN_MCP_PACKAGE = '\u0000in-an-mcp-package';

// The SDK's own packages only: a package named for MCP (`@mcp-use/client`) may be a client
// UI whose "sessions" are chats.
const MCP_DEPENDENCY = /^@modelcontextprotocol\//;
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'devDependencies'] as const;
const MCP_NAME = /(^|[-/@_])mcp([-/_]|$)/i;

interface PackageFacts {
  /** It depends on the MCP SDK. */
  sdk: boolean;
  /** Its own name says MCP (`mcp-auth-helper`, `@acme/mcp-gateway`). */
  named: boolean;
}

const NOT_MCP: PackageFacts = { sdk: false, named: false };
const byDir = new Map<string, PackageFacts>();

function factsOf(text: string): PackageFacts {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return NOT_MCP;
  }
  const names = DEPENDENCY_FIELDS.flatMap((f) => Object.keys((manifest[f] as Record<string, unknown> | undefined) ?? {}));
  return { sdk: names.some((n) => MCP_DEPENDENCY.test(n)), named: typeof manifest.name === 'string' && MCP_NAME.test(manifest.name) };
}

/**
 * `byName`: a package whose own name says MCP counts too (a hand-rolled MCP client often has
 * no SDK dependency); a session store's gate does not take it (a client UI named for MCP keeps
 * chat "sessions").
 */
export function inMcpPackage(path: string, { byName = false }: { byName?: boolean } = {}): boolean {
  const facts = packageFacts(path);
  return facts.sdk || (byName && facts.named);
}

function packageFacts(path: string): PackageFacts {
  const seen: string[] = [];
  let dir = dirname(resolve(path));
  for (;;) {
    const known = byDir.get(dir);
    if (known !== undefined) return settle(seen, known);
    seen.push(dir);
    let text: string | undefined;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) return settle(seen, factsOf(text));
    const up = dirname(dir);
    if (up === dir) return settle(seen, NOT_MCP);
    dir = up;
  }
}

function settle(dirs: string[], facts: PackageFacts): PackageFacts {
  for (const d of dirs) byDir.set(d, facts);
  return facts;
}
