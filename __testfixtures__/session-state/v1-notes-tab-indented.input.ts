import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/* Notes jotted down during a conversation: one list per MCP session. Kept in memory only. */
const notebooks = new Map<string, string[]>();

export function createNotesServer(): McpServer {
	const server = new McpServer({ name: 'notes', version: '2.0.0' });

	server.registerTool(
		'jot',
		{ description: 'Write down a note', inputSchema: { text: z.string() } },
		async ({ text }, extra) => {
			const id = extra.sessionId!;
			if (!notebooks.has(id)) notebooks.set(id, []);
			notebooks.get(id)!.push(text);
			return { content: [{ type: 'text', text: `noted (${text.length} chars)` }] };
		},
	);

	server.registerTool('read_notes', { description: 'List the notes written so far' }, async (extra) => {
		const notes = notebooks.get(extra.sessionId!) ?? [];
		return { content: [{ type: 'text', text: notes.join('\n') }] };
	});

	return server;
}
