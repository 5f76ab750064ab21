// Drafts an MCP client is composing, kept per session; parse failures leave no draft.
// `catch {}` without a binding (ES2019) once made every scope lookup in its block throw.
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
