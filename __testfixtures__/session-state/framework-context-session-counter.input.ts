// Tools for an MCP framework whose execute() context carries the session id of the
// request (the framework fills it from the SDK's request extra).
const defineTool = <T extends { name: string }>(tool: T) => tool;

const visits = new Map<string, number>();
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
