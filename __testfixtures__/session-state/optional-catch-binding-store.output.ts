// Drafts an MCP client is composing, kept per session; parse failures leave no draft.
// `catch {}` without a binding (ES2019) once made every scope lookup in its block throw.
/* mcp-migrate(session-state): `drafts` keeps state per MCP session (keyed by the `sessionId` parameter of `saveDraft`): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep) */
const drafts = new Map<string, unknown>();

export function saveDraft(sessionId: string, text: string): boolean {
  try {
    drafts.set(sessionId, JSON.parse(text));
    return true;
  } catch {
    drafts.delete(sessionId);
    return false;
  }
}
