// The Worker entry for v2-mcp-agent-helpers-sibling-mount: it mounts the agent defined in
// another file, and stays as it is (the migrated class keeps a static serve(route)).
import { TaskBoardMCP } from './v2-mcp-agent-helpers-sibling-mount.input.ts';

export { TaskBoardMCP };

export default {
  fetch(request: Request, env: unknown, ctx: ExecutionContext) {
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    if (!token) return new Response('Unauthorized', { status: 401 });
    const [user, team] = token.split('@');
    ctx.props = { user, team: team ?? 'solo' };
    return TaskBoardMCP.serve('/mcp').fetch(request, env as never, ctx);
  },
};
