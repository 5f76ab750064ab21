// Headers for calls from our MCP server to the search service, which keeps its own sessions.
export interface SearchCall {
  sessionId?: string;
  transport?: 'stdio' | 'http';
}

export function searchHeaders(context: SearchCall): Record<string, string> {
  const headers: Record<string, string> = { 'x-client': 'search-mcp' };
  if (context.transport) headers['x-client-transport'] = context.transport;
  if (context.sessionId) {
    headers['mcp-session-id'] = context.sessionId;
  }
  return headers;
}
