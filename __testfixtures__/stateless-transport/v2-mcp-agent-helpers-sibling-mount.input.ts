// An agent whose server is built in a getter and whose tools go through helper members; the
// Worker entry beside it (v2-mcp-agent-helpers-sibling-mount.worker.ts) mounts it.
import { McpServer } from '@modelcontextprotocol/server';
import { McpAgent } from 'agents/mcp';
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

export class TaskBoardMCP extends McpAgent<Env, unknown, Member> {
  async init() {}

  get board() {
    return boardFor(this.props.team);
  }

  /** Text content naming the board and the caller. */
  reply = (text: string) => ({
    content: [{ type: 'text' as const, text: `${this.env.BOARD_NAME ?? 'board'}/${this.props.team} (${this.props.user}): ${text}` }],
  });

  summary(limit: number) {
    return this.board.slice(-limit).join(', ') || 'empty';
  }

  get server() {
    const server = new McpServer({ name: 'task-board', version: '0.4.0' });

    server.registerTool('add_task', { description: 'Add a task', inputSchema: z.object({ task: z.string() }) }, async ({ task }) => {
      this.board.push(task);
      return this.reply(`added ${task}`);
    });
    server.registerTool('list_tasks', { description: 'The latest tasks', inputSchema: z.object({ limit: z.number().int().optional() }) }, async ({ limit }) =>
      this.reply(this.summary(limit ?? 10)),
    );

    return server;
  }
}
