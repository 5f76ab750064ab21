/**
 * Every place a repo pins an MCP SDK package or a framework that carries one, found without
 * our pins module (so the two can be compared): package.json dependency sections, npm
 * `overrides` (nested), yarn `resolutions`, `pnpm.overrides`, and pnpm-workspace.yaml
 * `catalog`, `catalogs.<name>` and `overrides`. Tracked files only, node_modules never.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { git } from './sh.mjs';

const SDK = ['sdk', 'server', 'client', 'core', 'node', 'express', 'hono', 'fastify', 'server-legacy'].map((p) => `@modelcontextprotocol/${p}`);
const FRAMEWORKS = ['agents', 'mcp-handler', 'fastmcp', '@hono/mcp'];
const DEP_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** The package an override key forces: `a>b`, `**\/b`, `b@<1.25`, `b`. */
function overridden(key) {
  const m = /(@modelcontextprotocol\/[\w.-]+)(?:@[^/>]*)?$/.exec(key);
  return m && SDK.includes(m[1]) ? m[1] : undefined;
}

function walkOverrides(obj, depth, out, manifest, section) {
  if (!obj || typeof obj !== 'object' || depth > 8) return;
  for (const [k, v] of Object.entries(obj)) {
    const pkg = overridden(k);
    if (pkg && (typeof v === 'string' || typeof v?.['.'] === 'string')) out.push({ manifest, section, package: pkg });
    if (section === 'overrides') walkOverrides(v, depth + 1, out, manifest, section);
  }
}

export function pinCensus(dir) {
  const files = git(dir, ['ls-files', '-z']).stdout.split('\0').filter((f) => f && !f.split('/').includes('node_modules'));
  const out = [];
  for (const rel of files) {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (name === 'package.json') {
      let json;
      try { json = JSON.parse(readFileSync(join(dir, rel), 'utf8').replace(/^\uFEFF/, '')); } catch { continue; }
      if (!json || typeof json !== 'object') continue;
      for (const s of DEP_SECTIONS) {
        for (const pkg of [...SDK, ...FRAMEWORKS]) if (typeof json[s]?.[pkg] === 'string') out.push({ manifest: rel, section: s, package: pkg });
      }
      walkOverrides(json.overrides, 0, out, rel, 'overrides');
      walkOverrides(json.resolutions, 0, out, rel, 'resolutions');
      walkOverrides(json.pnpm?.overrides, 0, out, rel, 'pnpm.overrides');
    } else if (name === 'pnpm-workspace.yaml') {
      let doc;
      try { doc = parseYaml(readFileSync(join(dir, rel), 'utf8')); } catch { continue; }
      for (const pkg of SDK) {
        if (doc?.catalog?.[pkg] !== undefined) out.push({ manifest: rel, section: 'catalog', package: pkg });
        for (const [n, cat] of Object.entries(doc?.catalogs ?? {})) if (cat?.[pkg] !== undefined) out.push({ manifest: rel, section: `catalogs.${n}`, package: pkg });
      }
      walkOverrides(doc?.overrides, 8, out, rel, 'overrides-yaml');
    }
  }
  for (const e of out) if (e.section === 'overrides-yaml') e.section = 'overrides';
  return out;
}

/** How many census entries `pins --json` reported (same manifest, section and package), and which not. */
export function compareCensus(census, pinRecords) {
  const key = (e) => `${e.manifest}\0${e.section}\0${e.package}`;
  const have = new Map();
  for (const p of pinRecords) have.set(key(p), (have.get(key(p)) ?? 0) + 1);
  const missed = [];
  for (const e of census) {
    const n = have.get(key(e)) ?? 0;
    if (n > 0) have.set(key(e), n - 1);
    else missed.push(e);
  }
  return { expected: census.length, reported: census.length - missed.length, missed };
}
