import { randomUUID } from 'node:crypto';

// Our own session store; unrelated to MCP even though it mentions sessionIdGenerator.
export const sessionIdGenerator = () => randomUUID();
export const sessions = new Map<string, { user: string }>();

export function sessionFor(headers: Record<string, string>) {
  return sessions.get(headers['mcp-session-id'] ?? '');
}
