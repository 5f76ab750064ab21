// Tools for an MCP framework whose execute() context carries the session id of the
// request (the framework fills it from the SDK's request extra).
const defineTool = <T extends { name: string }>(tool: T) => tool;

/* mcp-migrate(session-state): `visits` keeps state per MCP session (keyed by `context.sessionId`): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep) */
const visits = new Map<string, number>();
/* mcp-migrate(session-state): `greeted` keeps state per MCP session (keyed by `sessionId`, from `context.sessionId`): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep) */
const greeted = new Set<string>();

export const countVisits = defineTool({
  name: 'count_visits',
  execute: async (_args: Record<string, never>, context: { sessionId?: string }) => {
    const seen = (visits.get(context.sessionId!) ?? 0) + 1;
    visits.set(context.sessionId!, seen);
    return `visit ${seen}`;
  },
});

export const greet = defineTool({
  name: 'greet',
  execute: async (args: { name: string }, context: { sessionId?: string }) => {
    const sessionId = context.sessionId ?? 'anonymous';
    if (greeted.has(sessionId)) return `hello again, ${args.name}`;
    greeted.add(sessionId);
    return `hello, ${args.name}`;
  },
});
