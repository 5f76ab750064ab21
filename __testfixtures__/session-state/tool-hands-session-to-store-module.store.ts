/**
 * Companion of tool-hands-session-to-store-module.input.ts: the module that keeps the
 * per-session bookmarks. Its store is where the flow's one marker belongs.
 */
const bookmarks = new Map<string, string[]>();

export function rememberBookmark(sessionId: string, url: string): number {
  const list = bookmarks.get(sessionId) ?? [];
  list.push(url);
  bookmarks.set(sessionId, list);
  return list.length;
}
