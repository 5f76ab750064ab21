import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';

class JobQueue {
  private jobs = new Map<string, string[]>();

  // Jobs are keyed by their own id; the session id is accepted for API symmetry only.
  enqueue(jobId: string, step: string, _sessionId?: string): number {
    const steps = this.jobs.get(jobId) ?? [];
    steps.push(step);
    this.jobs.set(jobId, steps);
    return steps.length;
  }
}

class Visits {
  private counts = new Map<string, number>();

  record(sessionId: string | undefined): number {
    const next = (this.counts.get(sessionId ?? '') ?? 0) + 1;
    this.counts.set(sessionId ?? '', next);
    return next;
  }
}

const queue = new JobQueue();
const visits = new Visits();
const server = new Server({ name: 'jobs', version: '1.0.0' }, { capabilities: { tools: {} } });

server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  const jobId = String(request.params.arguments?.jobId ?? 'default');
  const steps = queue.enqueue(jobId, request.params.name, extra.sessionId);
  /* mcp-migrate(session-state): low-level setRequestHandler server: the state flow behind this session id is not visible to mcp-migrate; key it by an explicit handle in the tool arguments (or move the tool to McpServer.registerTool and migrate again) (sessions are gone in 2026-07-28, SEP-2567) */
  const seen = visits.record(extra.sessionId);
  return { content: [{ type: 'text', text: `${jobId}: ${steps} steps, visit ${seen}` }] };
});

export { server };
