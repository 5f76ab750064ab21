/**
 * Fixtures the rule leaves byte-identical or only marks must still say what they saw: an
 * unchanged file is never a silent skip.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureCases, readText } from '../helpers/fixtures.ts';
import { runTransforms } from '../../src/engine/run-file.ts';
import * as statelessTransport from '../../transforms/stateless-transport.ts';
import { TRANSFORMS, type TransformModule } from '../../src/registry.ts';

const cases = new Map(fixtureCases('stateless-transport').map((c) => [c.name, c]));

function findingsOf(name: string) {
  const c = cases.get(name)!;
  return runTransforms(c.displayPath, readText(c.inputPath), [statelessTransport as unknown as TransformModule]).findings;
}

describe('stateless-transport findings without a rewrite', () => {
  it('an explicit stateful mode beside a stateless one is reported as a 2025-era leg, not marked', () => {
    const findings = findingsOf('library-opt-in-session-mode-unchanged');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'info', category: 'transport-map-routing' });
    expect(findings[0].message).toMatch(/explicit stateful mode/);
  });

  it('an SSE mode a library builds for its callers (the server comes from them) is an info, not a marker', () => {
    const findings = findingsOf('library-sse-mode-for-callers-unchanged');
    expect(findings.map((f) => [f.category, f.severity])).toEqual([['sse-legacy-transport', 'info']]);
    expect(findings[0].message).toMatch(/builds for its callers/);
    const c = cases.get('library-sse-mode-for-callers-unchanged')!;
    expect(runTransforms(c.displayPath, readText(c.inputPath), TRANSFORMS).status).toBe('unchanged');
  });

  it('the same endpoints around a server of their own (not the caller\'s) keep their SSE marker', () => {
    const c = cases.get('library-sse-mode-for-callers-unchanged')!;
    const own = readText(c.inputPath)
      .replace('await makeServer().connect(transport);', 'await ownServer.connect(transport);')
      .replace('export interface LegacyEndpoints {', 'declare const ownServer: McpServer;\nexport interface LegacyEndpoints {');
    const outcome = runTransforms(c.displayPath, own, [statelessTransport as unknown as TransformModule]);
    expect(outcome.output!.match(/mcp-migrate\(stateless-transport\)/g)).toHaveLength(1);
    expect(outcome.findings.map((f) => f.category)).toEqual(['sse-legacy-transport']);
  });

  it('a builder that hands its SSE handler to a call (a dev server\'s middleware) mounts the route itself: marked', () => {
    const text = [
      "import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
      "import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';",
      'export function attachSse(use: (path: string, h: (req: any, res: any) => Promise<void>) => void, server: McpServer) {',
      '  const stream = async (_req: any, res: any) => {',
      "    const transport = new SSEServerTransport('/messages', res);",
      '    await server.connect(transport);',
      '  };',
      "  use('/sse', stream);",
      '}',
      '',
    ].join('\n');
    const outcome = runTransforms('src/dev-sse.ts', text, [statelessTransport as unknown as TransformModule]);
    expect(outcome.output!.match(/mcp-migrate\(stateless-transport\)/g)).toHaveLength(1);
  });

  it('all rules together leave an explicit stateful mode byte-identical (session-state does not mark its plumbing)', () => {
    const c = cases.get('library-opt-in-session-mode-unchanged')!;
    const outcome = runTransforms(c.displayPath, readText(c.inputPath), TRANSFORMS);
    expect(outcome.status).toBe('unchanged');
    expect(outcome.findings.map((f) => f.rule)).toEqual(['stateless-transport']);
  });

  it('legacy SSE beside a sessionful streamable transport: the marker is on the streamable route, SSE is an info', () => {
    const findings = findingsOf('legacy-stream-beside-sessionful');
    expect(findings.map((f) => [f.category, f.severity])).toEqual(expect.arrayContaining([
      ['sse-legacy-transport', 'info'],
      ['transport-map-routing', 'warning'],
    ]));
  });

  it('v2: an origin list the v1 DNS rebinding check enforced is never dropped; a check that was off is', () => {
    const c = cases.get('v2-express-dns-rebinding')!;
    const source = readText(c.inputPath);
    const run = (text: string) => runTransforms(c.displayPath, text, [statelessTransport as unknown as TransformModule]);
    const origins = run(source.replace("allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`, '[::1]'],", "allowedOrigins: ['http://localhost'],"));
    expect(origins.output).toContain('new NodeStreamableHTTPServerTransport');
    expect(origins.findings.filter((f) => f.resolution === 'manual').map((f) => f.message).join(' ')).toMatch(/allowedOrigins/);
    const off = run(source.replace('enableDnsRebindingProtection: true', 'enableDnsRebindingProtection: false'));
    expect(off.output).toContain('createMcpHandler');
    expect(off.output).not.toContain('hostHeaderValidation');
    expect(off.findings.some((f) => /checked nothing/.test(f.message))).toBe(true);
  });

  it('an McpAgent built in a `get server()` accessor is told to move that getter', () => {
    const findings = findingsOf('mcp-agent-server-getter');
    expect(findings).toHaveLength(1);
    expect(findings[0].category).toBe('mcp-agent-session');
    expect(findings[0].message).toMatch(/`server` getter's body and `init\(\)`/);
  });

  it('--legacy keep refuses a shared module-level server instead of lifting it away from the kept session code', () => {
    const c = cases.get('v2-express-map-shared-server')!;
    const input = readText(c.inputPath);
    const outcome = runTransforms(c.displayPath, input, [statelessTransport as unknown as TransformModule], { transformOptions: { legacy: 'keep' } });
    expect(outcome.status).toBe('changed');
    // One marker line added, nothing else touched.
    const lines = outcome.output!.split('\n');
    expect(lines.filter((l) => l.includes('mcp-migrate(stateless-transport)'))).toHaveLength(1);
    expect(lines.filter((l) => !l.includes('mcp-migrate(stateless-transport)')).join('\n')).toBe(input);
    expect(outcome.findings.map((f) => f.message).join('\n')).toMatch(/one module-level server `server` serves every session/);
  });

  it('an McpAgent mounted from a sibling file is rewritten only when every use there is `X.serve(route)`', () => {
    const c = cases.get('v2-mcp-agent-helpers-sibling-mount')!;
    const source = readText(c.inputPath);
    const entry = readText(c.inputPath.replace('.input.ts', '.worker.ts'));
    const dir = mkdtempSync(join(tmpdir(), 'sibling-mount-'));
    try {
      const run = (worker: string | undefined) => {
        rmSync(join(dir, 'index.ts'), { force: true });
        if (worker !== undefined) writeFileSync(join(dir, 'index.ts'), worker);
        return runTransforms(join(dir, 'board.ts'), source, [statelessTransport as unknown as TransformModule]);
      };
      expect(run(entry).output).toContain('static serve(route: string)');
      const refusals: Array<[string | undefined, RegExp]> = [
        [undefined, /mounted in a file outside its directory/],
        [entry.replace("TaskBoardMCP.serve('/mcp')", "TaskBoardMCP.serveSSE('/sse')"), /`TaskBoardMCP\.serveSSE` in index\.ts needs the McpAgent class/],
        [entry.replace("TaskBoardMCP.serve('/mcp')", "TaskBoardMCP.serve('/mcp', { binding: 'BOARD' })"), /with options in index\.ts/],
        [entry + '\nexport class Paid extends TaskBoardMCP {}\n', /used as a value in index\.ts/],
        [entry + '\nconst = ;\n', /index\.ts, which does not parse/],
      ];
      for (const [worker, why] of refusals) {
        const outcome = run(worker);
        expect(outcome.output ?? '').not.toContain('static serve');
        expect(outcome.findings.map((f) => f.message).join('\n')).toMatch(why);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fastify-mcp plugin in its stateful mode', () => {
  const c = cases.get('fastify-mcp-stateful-option')!;
  const source = readText(c.inputPath);
  const run = (text: string, legacy?: string) =>
    runTransforms(c.displayPath, text, [statelessTransport as unknown as TransformModule], legacy ? { transformOptions: { legacy } } : {});

  it('with --legacy keep the stateful option stays, with an info naming the 2025-era leg', () => {
    const outcome = run(source, 'keep');
    expect(outcome.status).toBe('unchanged');
    expect(outcome.findings.map((f) => [f.severity, f.resolution])).toEqual([['info', 'manual']]);
    expect(outcome.findings[0].message).toMatch(/stays as it is \(--legacy keep\)/);
  });

  it('a server that pushes resource updates keeps its sessions: one marker at the options, no edit', () => {
    const pushing = source.replace('  return server.server;', "  setInterval(() => server.server.sendResourceUpdated({ uri: 'dice://last' }), 1000);\n  return server.server;");
    const outcome = run(pushing);
    expect(outcome.output).toContain('stateful: true');
    expect(outcome.output!.match(/mcp-migrate\(stateless-transport\)/g)).toHaveLength(1);
    expect(outcome.findings.map((f) => f.message).join('\n')).toMatch(/carries resource subscriptions.*stateless mode \(`stateful: false`\) would drop them/);
  });

  it('a sessions store built elsewhere (its events may be listened to) is not switched off silently', () => {
    const shared = source
      .replace('const app = Fastify();', 'const sessions = new Sessions<StreamableHTTPServerTransport>();\nsessions.on(\'connected\', (id) => console.log(id));\nconst app = Fastify();')
      .replace('  sessions: new Sessions<StreamableHTTPServerTransport>(),', '  sessions,');
    const outcome = run(shared);
    expect(outcome.output).toContain('stateful: true');
    expect(outcome.findings.map((f) => f.message).join('\n')).toMatch(/`sessions` store handed to fastify-mcp is built elsewhere/);
  });

  it('on a v2 target the plugin gives way to one all route over createMcpHandler, in the statement\'s place', () => {
    const v2 = source.replace("import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';", "import { McpServer } from '@modelcontextprotocol/server';");
    const outcome = run(v2);
    expect(outcome.status).toBe('changed');
    expect(outcome.output).toContain("const mcpHandler = toNodeHandler(createMcpHandler(() => buildServer(), { legacy: 'stateless' }));");
    expect(outcome.output).toContain("app.all('/mcp', (request, reply) => mcpHandler(request.raw, reply.raw, request.body));");
    expect(outcome.output).not.toMatch(/streamableHttp|Sessions|register\(/);
    expect(outcome.findings.map((f) => [f.severity, f.resolution])).toEqual([['warning', 'fixed']]);
    expect(outcome.findings[0].message).toMatch(/replaced by one `all` route on '\/mcp' over createMcpHandler \(legacy: 'stateless'\)/);
    expect(run(outcome.output!).status).toBe('unchanged');
  });

  describe('on a v2 target, what the route cannot carry is refused with one marker at the options', () => {
    const v2 = source.replace("import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';", "import { McpServer } from '@modelcontextprotocol/server';");
    it.each([
      ['an option the route would drop', v2.replace("  mcpEndpoint: '/mcp',", "  mcpEndpoint: '/mcp',\n  prefix: '/v1',"), /option `prefix` has no place on the route/],
      ['a factory taking arguments', v2.replace('  createServer: buildServer,', '  createServer: (opts = {}) => buildServer(),'), /`createServer` is not a function of no arguments/],
      ['a register call inside a larger expression', v2.replace('await app.register(streamableHttp, {', 'const ready = app.register(streamableHttp, {'), /register call is part of a larger expression/],
    ])('%s', (_what, text, why) => {
      const outcome = run(text);
      expect(outcome.output).toContain('stateful: true');
      expect(outcome.output!.match(/mcp-migrate\(stateless-transport\)/g)).toHaveLength(1);
      expect(outcome.findings.map((f) => f.message).join('\n')).toMatch(why);
      expect(outcome.findings.map((f) => f.message).join('\n')).toMatch(/fastify-mcp runs SDK v1 and cannot serve this v2 server/);
    });
  });
});

describe('SSE legs a library serves', () => {
  const run = (name: string, legacy?: string) => {
    const c = cases.get(name)!;
    return runTransforms(c.displayPath, readText(c.inputPath), [statelessTransport as unknown as TransformModule], legacy ? { transformOptions: { legacy } } : {});
  };

  it('one warning per leg, naming the library and whether a streamable endpoint is beside it', () => {
    const only = run('express-mcp-handler-sse-only').findings;
    expect(only.map((f) => [f.category, f.severity, f.resolution])).toEqual([['sse-legacy-transport', 'warning', 'manual']]);
    expect(only[0].message).toMatch(/express-mcp-handler's sseHandlers, the only endpoint here.*statelessHandler\(serverFactory\)/);
    const beside = run('fastify-mcp-sse-beside-streamable').findings;
    expect(beside).toHaveLength(1);
    expect(beside[0].message).toMatch(/fastify-mcp's fastifyMCPSSE, beside a streamable endpoint of the same library/);
  });

  it('on a v2 target the advice is the SDK route, not the library\'s v1 endpoint', () => {
    const c = cases.get('express-mcp-handler-sse-only')!;
    const v2 = readText(c.inputPath).replace("import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';", "import { McpServer } from '@modelcontextprotocol/server';");
    const findings = runTransforms(c.displayPath, v2, [statelessTransport as unknown as TransformModule]).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/`all` route over `toNodeHandler\(createMcpHandler\(factory\)\)` beside it \(SDK v2: the library runs v1\)/);
    expect(findings[0].message).not.toMatch(/statelessHandler/);
  });

  it('under --legacy keep the leg stays unmarked, with an info', () => {
    const outcome = run('express-mcp-handler-sse-only', 'keep');
    expect(outcome.status).toBe('unchanged');
    expect(outcome.findings.map((f) => [f.severity, f.message.includes('--legacy keep')])).toEqual([['info', true]]);
  });
});
