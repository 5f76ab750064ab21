/**
 * What one migrate run did to a repo, read from git: every changed file's added markers
 * (by rule, by location, repeated within one function), whether it still parses, whether
 * it changed without a marker, and which client-side session lines it deleted.
 */
import { readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { parse } from '@babel/parser';
import { git } from './sh.mjs';
import { locationOf } from './location.mjs';

const MARKER = /mcp-migrate\(([\w-]+)\):\s*(.*?)\s*(\*\/|$)/;
const CODE_EXT = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** Files changed between `base` and the work tree (tracked and new), with their numstat. */
export function changedFiles(dir, base = 'HEAD') {
  git(dir, ['add', '-A', '-N', '--', '.', ':!node_modules']);
  const r = git(dir, ['diff', '--numstat', '-z', base, '--', '.', ':!node_modules']);
  const out = [];
  const parts = r.stdout.split('\0').filter(Boolean);
  for (const p of parts) {
    const [added, removed, path] = p.split('\t');
    if (path) out.push({ path, added: Number(added) || 0, removed: Number(removed) || 0 });
  }
  return out;
}

export function fileDiff(dir, path, base = 'HEAD') {
  const r = git(dir, ['diff', '-U0', base, '--', path]);
  const added = [];
  const removed = [];
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added.push(line.slice(1));
    else if (line.startsWith('-')) removed.push(line.slice(1));
  }
  return { added, removed };
}

export function showAt(dir, rev, path) {
  const r = git(dir, ['show', `${rev}:${path}`]);
  return r.code === 0 ? r.stdout : undefined;
}

function parserPlugins(path) {
  const ext = extname(path);
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return ['typescript', 'decorators-legacy'];
  if (ext === '.tsx') return ['typescript', 'jsx', 'decorators-legacy'];
  return ['jsx', 'decorators-legacy'];
}

export function parses(path, text) {
  try {
    return { ok: true, ast: parse(text, { sourceType: 'unambiguous', plugins: parserPlugins(path), errorRecovery: false, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true }) };
  } catch (e) {
    return { ok: false, error: String(e.message).split('\n')[0] };
  }
}

/** The innermost function around each comment: a marker repeated inside one is noise. */
function enclosingFunctions(ast) {
  const spans = [];
  const walk = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (/Function|ArrowFunction|ObjectMethod|ClassMethod/.test(node.type) && node.body) spans.push([node.start, node.end]);
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'comments' || key === 'tokens') continue;
      const v = node[key];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === 'string' && walk(c));
      else if (v && typeof v.type === 'string') walk(v);
    }
  };
  walk(ast.program);
  return (pos) => {
    let best;
    for (const s of spans) if (s[0] <= pos && pos <= s[1] && (!best || s[1] - s[0] < best[1] - best[0])) best = s;
    return best ? `${best[0]}` : 'module';
  };
}

export function markersIn(path, text, ast) {
  const markers = [];
  const fnOf = ast ? enclosingFunctions(ast) : () => 'unknown';
  if (ast) {
    for (const c of ast.comments ?? []) {
      const m = MARKER.exec(c.value);
      if (m) markers.push({ rule: m[1], text: m[2], line: c.loc.start.line, fn: fnOf(c.start) });
    }
  } else {
    text.split('\n').forEach((l, i) => {
      const m = MARKER.exec(l);
      if (m) markers.push({ rule: m[1], text: m[2], line: i + 1, fn: 'unknown' });
    });
  }
  return markers;
}

/** Lines only a client or a test sends: their deletion breaks talking to 2025-era servers. */
const TERMINATE = /terminateSession\s*\(/;
const CLIENT_SESSION_LINE = /['"`]mcp-session-id['"`]\s*[:,\]]|sessionId\s*:\s*[\w.]+\s*[,}]/i;
const CLIENT_FILE = /ClientTransport|@modelcontextprotocol\/client|@modelcontextprotocol\/sdk\/client|\bnew Client\(|\bfetch\(/;

export function inspectRepo(dir, base = 'HEAD') {
  const files = [];
  for (const f of changedFiles(dir, base)) {
    const ext = extname(f.path);
    const before = showAt(dir, base, f.path);
    let after;
    try { after = readFileSync(join(dir, f.path), 'utf8'); } catch { after = undefined; }
    const rec = { path: f.path, location: locationOf(f.path), added: f.added, removed: f.removed, deleted: after === undefined };
    if (CODE_EXT.has(ext) && after !== undefined) {
      const p = parses(f.path, after);
      const pBefore = before === undefined ? { ok: true } : parses(f.path, before);
      rec.parses = p.ok;
      rec.parsedBefore = pBefore.ok;
      if (!p.ok) rec.parseError = p.error;
      const now = markersIn(f.path, after, p.ok ? p.ast : undefined);
      const then = before === undefined ? [] : markersIn(f.path, before, pBefore.ok ? pBefore.ast : undefined);
      const old = new Map();
      for (const m of then) old.set(`${m.rule}\0${m.text}`, (old.get(`${m.rule}\0${m.text}`) ?? 0) + 1);
      const fresh = [];
      for (const m of now) {
        const k = `${m.rule}\0${m.text}`;
        if (old.get(k)) old.set(k, old.get(k) - 1);
        else fresh.push(m);
      }
      rec.markers = fresh;
      const perFn = new Map();
      for (const m of fresh) perFn.set(`${m.fn}\0${m.rule}\0${m.text}`, (perFn.get(`${m.fn}\0${m.rule}\0${m.text}`) ?? 0) + 1);
      rec.repeated = [...perFn.values()].reduce((s, n) => s + (n > 1 ? n - 1 : 0), 0);
      const { removed } = fileDiff(dir, f.path, base);
      const clientish = rec.location === 'test' || (before !== undefined && CLIENT_FILE.test(before));
      rec.clientSessionDeletions = removed.filter((l) => TERMINATE.test(l) || (clientish && CLIENT_SESSION_LINE.test(l))).length;
      rec.withoutMarker = fresh.length === 0;
    }
    files.push(rec);
  }
  return files;
}
