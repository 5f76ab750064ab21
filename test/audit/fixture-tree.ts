/**
 * A small monorepo written for the audit goldens: one pattern per registered transform
 * category we can show, markers already in the tree (ours, an ignore, the official codemod's),
 * a package.json without a name in a directory with a space, a root-level script, and a
 * package with nothing to report. Built in a temp dir by each test so goldens do not move
 * when examples/legacy-monorepo grows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../helpers/cli.ts';

/** The transforms the goldens were made with (new registry entries must not move them). */
export const GOLDEN_TRANSFORMS = 'stateless-transport,session-state,resource-not-found-code';

const pkg = (name: string | undefined, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ ...(name ? { name } : {}), version: '1.0.0', private: true, type: 'module', ...extra }, null, 2)}\n`;

export const FIXTURE_FILES: Record<string, string> = {
  'package.json': pkg('golden-root', { workspaces: ['packages/*'] }),

  'packages/http-gateway/package.json': pkg('@golden/http-gateway', { dependencies: { '@modelcontextprotocol/sdk': '^1.11.0' } }),
  'packages/http-gateway/src/server.ts': `import express from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

function makeServer(): McpServer {
  const server = new McpServer({ name: 'clock', version: '2.0.0' });
  server.registerTool('now', { description: 'Current time', inputSchema: { tz: z.string() } }, async ({ tz }) => ({
    content: [{ type: 'text', text: new Date().toLocaleString('en-GB', { timeZone: tz }) }],
  }));
  return server;
}

const app = express();
app.use(express.json());

const transports: { [sessionId: string]: StreamableHTTPServerTransport } = {};

app.post('/mcp', async (req, res) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  let transport: StreamableHTTPServerTransport;
  if (sessionId && transports[sessionId]) {
    transport = transports[sessionId];
  } else if (!sessionId && isInitializeRequest(req.body)) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports[id] = transport;
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) delete transports[transport.sessionId];
    };
    const server = makeServer();
    await server.connect(transport);
  } else {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'no session' }, id: null });
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

const sessionRequest = async (req: express.Request, res: express.Response) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  if (!sessionId || !transports[sessionId]) {
    res.status(400).send('unknown session');
    return;
  }
  await transports[sessionId].handleRequest(req, res);
};

app.get('/mcp', sessionRequest);
app.delete('/mcp', sessionRequest);
app.listen(3000);
`,
  'packages/http-gateway/src/sticky.ts': `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const backendBySession = new Map<string, string>();

export function gateway(choose: () => string): McpServer {
  const server = new McpServer({ name: 'sticky', version: '1.0.0' });
  server.registerTool('forward', { inputSchema: { q: z.string() } }, async ({ q }, extra) => {
    if (!backendBySession.has(extra.sessionId!)) backendBySession.set(extra.sessionId!, choose());
    const res = await fetch(backendBySession.get(extra.sessionId!)!, { method: 'POST', body: q });
    return { content: [{ type: 'text', text: await res.text() }] };
  });
  return server;
}
`,

  'packages/notes/package.json': pkg('@golden/notes', { dependencies: { '@modelcontextprotocol/sdk': '1.20.0' } }),
  'packages/notes/src/index.ts': `import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const pages = new Map<string, string>();

const server = new McpServer({ name: 'pages', version: '0.1.0' });
server.registerTool('write_page', { inputSchema: { slug: z.string(), text: z.string() } }, async ({ slug, text }) => {
  pages.set(slug, text);
  return { content: [{ type: 'text', text: 'ok' }] };
});
server.resource('page', new ResourceTemplate('page://{slug}', { list: undefined }), async (uri, { slug }) => {
  const text = pages.get(String(slug));
  if (text === undefined) throw new McpError(-32002, \`no page \${uri.href}\`);
  return { contents: [{ uri: uri.href, text }] };
});

await server.connect(new StdioServerTransport());
`,

  'packages/legacy/package.json': pkg('@golden/legacy'),
  'packages/legacy/src/marked.ts': `import { McpError } from '@modelcontextprotocol/sdk/types.js';

/* mcp-migrate(session-state): key this cache by the cart_id argument instead of the session id */
export const cache = new Map<string, number>();

export function lookup(key: string): number {
  const hit = cache.get(key);
  // mcp-migrate-ignore(resource-not-found-code): old clients compare against -32002
  if (hit === undefined) throw new McpError(-32002, 'missing');
  return hit;
}

// @mcp-codemod-error could not rename the import of a re-exported McpError
export { McpError };
`,

  'packages/space dir/package.json': pkg(undefined),
  'packages/space dir/src/odd name.ts': `import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';

export function notFound(uri: string): never {
  throw new McpError(-32002, \`Resource not found: \${uri}\`);
}
export const codes = ErrorCode;
`,

  'packages/quiet/package.json': pkg('@golden/quiet'),
  'packages/quiet/src/util.ts': `export const add = (a: number, b: number) => a + b;\n`,

  'scripts/check.ts': `import { McpError } from '@modelcontextprotocol/sdk/types.js';

export const probe = () => new McpError(-32002, 'gone');
`,
};

export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), body);
  }
}

/** A fresh copy of the golden fixture monorepo in a temp dir. */
export function goldenTree(): string {
  const dir = tempDir('mcp-migrate-audit-');
  writeTree(dir, FIXTURE_FILES);
  return dir;
}
