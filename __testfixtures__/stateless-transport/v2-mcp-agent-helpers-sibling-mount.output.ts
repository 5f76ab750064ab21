// An agent whose server is built in a getter and whose tools go through helper members; the
// Worker entry beside it (v2-mcp-agent-helpers-sibling-mount.worker.ts) mounts it.
import { McpServer } from '@modelcontextprotocol/server';
import { createMcpHandler } from 'agents/mcp/server';
import { DurableObject } from 'cloudflare:workers';
import * as z from 'zod';

interface Env {
  BOARD_NAME?: string;
}

type Member = { user: string; team: string };

const boards = new Map<string, string[]>();

function boardFor(team: string) {
  let tasks = boards.get(team);
  if (!tasks) boards.set(team, (tasks = []));
  return tasks;
}

// Kept for the wrangler config's Durable Object binding (class_name TaskBoardMCP) and for
// TaskBoardMCP.serve(route) in v2-mcp-agent-helpers-sibling-mount.worker.ts:
// createMcpHandler answers each of its requests with a fresh server now. Retire the binding
// with a deleted_classes migration once old sessions drain.
export class TaskBoardMCP extends DurableObject {
  static serve(route: string) {
    return { fetch: (request: Request, env: Env, ctx: ExecutionContext) => createMcpHandler(() => createServer(env, ctx.props as Member), { route })(request, env, ctx) };
  }
}

function createServer(env: Env, props: Member) {
  function getBoard() {
    return boardFor(props.team);
  }

  /** Text content naming the board and the caller. */
  const reply = (text: string) => ({
    content: [{ type: 'text' as const, text: `${env.BOARD_NAME ?? 'board'}/${props.team} (${props.user}): ${text}` }],
  });

  function summary(limit: number) {
    return getBoard().slice(-limit).join(', ') || 'empty';
  }

  const server = new McpServer({ name: 'task-board', version: '0.4.0' });

  server.registerTool('add_task', { description: 'Add a task', inputSchema: z.object({ task: z.string() }) }, async ({ task }) => {
    getBoard().push(task);
    return reply(`added ${task}`);
  });
  server.registerTool('list_tasks', { description: 'The latest tasks', inputSchema: z.object({ limit: z.number().int().optional() }) }, async ({ limit }) =>
    reply(summary(limit ?? 10)),
  );

  return server;
}
