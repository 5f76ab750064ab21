/**
 * Cloudflare `agents` servers written as `class X extends McpAgent`: each client session is a
 * Durable Object of its own, reached by the session id. That is the package's 2025-era path
 * (feature-frozen since agents 0.20.0); its 2026-07-28 server is `createMcpHandler(factory)`
 * from `agents/mcp/server`, which needs the SDK v2 packages.
 *
 * We find these classes and write the recipe for moving one (the marker text); the ones
 * that only carry a server are rewritten by ./mcp-agent-rewrite.ts. The class itself is named
 * by a Durable Object binding and a migration in the Worker's wrangler config (another file,
 * and deleting the class there deletes its storage), so no rewrite deletes it.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { importedLocalName } from './sdk.ts';

type N = Record<string, any>;

const AGENTS_MCP = /^agents\/mcp(\/|$)/;
/** Members that make an agent hold per-session state of its own. */
const STATE_MEMBERS = new Set(['initialState', 'onStateUpdate', 'state', 'setState', 'sql']);

export interface McpAgentClass {
  path: ASTPath<any>;
  name: string;
  /** Per-session Durable Object state (initialState, this.state, this.setState, this.sql). */
  keepsState: boolean;
  /** Class members besides `server` and `init` (helpers, fields a factory would have to carry). */
  extraMembers: string[];
  /** Mounted at an SSE route in this file (`X.serveSSE()`, `X.mount()`). */
  servesSse: boolean;
  /** Route paths given to `X.serve()` in this file. */
  streamableRoutes: string[];
  /** The McpServer is built in a `get server()` accessor rather than a field. */
  serverGetter: boolean;
  /** Extends agents' own McpAgent (not a framework's subclass of it, like a paid-tools agent). */
  direct: boolean;
  /** The class it extends, as written. */
  base: string;
}

function memberKey(m: N): string | undefined {
  if (m.computed) return undefined;
  return m.key?.type === 'Identifier' ? m.key.name : undefined;
}

/**
 * Concrete (non-abstract) classes extending McpAgent imported from `agents/mcp`, or an imported
 * subclass of it whose name says so (`experimental_PaidMcpAgent as PaidMcpAgent`).
 */
export function findMcpAgentClasses(j: JSCodeshift, root: Collection): McpAgentClass[] {
  const base = importedLocalName(j, root, AGENTS_MCP, 'McpAgent');
  const bases = new Set<string>(base ? [base] : []);
  root.find(j.ImportSpecifier).forEach((p: ASTPath<any>) => {
    const s = p.node as N;
    if (/McpAgent$/.test(String(s.imported?.name)) && s.local?.name) bases.add(s.local.name);
  });
  if (bases.size === 0) return [];
  const out: McpAgentClass[] = [];
  root.find(j.ClassDeclaration).forEach((path: ASTPath<any>) => {
    const node = path.node as N;
    if (node.abstract || node.superClass?.type !== 'Identifier' || !bases.has(node.superClass.name) || !node.id) return;
    const name = node.id.name as string;
    const members = (node.body.body as N[]).map(memberKey).filter((k): k is string => !!k);
    const used = new Set<string>();
    j(path).find(j.MemberExpression, { object: { type: 'ThisExpression' } }).forEach((p: ASTPath<any>) => {
      const prop = (p.node as N).property;
      if (!(p.node as N).computed && prop?.type === 'Identifier') used.add(prop.name);
    });
    const statics = (method: string) =>
      root.find(j.CallExpression, { callee: { type: 'MemberExpression', object: { type: 'Identifier', name }, property: { name: method } } });
    const routes: string[] = [];
    statics('serve').forEach((p: ASTPath<any>) => {
      const arg = (p.node as N).arguments[0];
      routes.push(arg && (arg.type === 'StringLiteral' || arg.type === 'Literal') ? String(arg.value) : '/mcp');
    });
    out.push({
      path,
      name,
      keepsState: [...members, ...used].some((m) => STATE_MEMBERS.has(m)),
      extraMembers: members.filter((m) => m !== 'server' && m !== 'init' && !STATE_MEMBERS.has(m)),
      servesSse: statics('serveSSE').length > 0 || statics('mount').length > 0,
      streamableRoutes: routes,
      serverGetter: (node.body.body as N[]).some((m) => m.kind === 'get' && memberKey(m) === 'server'),
      direct: node.superClass.name === base,
      base: node.superClass.name,
    });
  });
  return out;
}

/** The marker text: what is true of this class, and the move that serves 2026-07-28 clients. */
export function mcpAgentMessage(agent: McpAgentClass, notRewritten?: string): string {
  const route = agent.streamableRoutes[0] ?? '/mcp';
  const steps: string[] = [];
  if (agent.keepsState) {
    steps.push('it keeps per-session Durable Object state, which a stateless server does not have: key that state on the auth principal (props) or an explicit handle argument first');
  }
  steps.push(`move ${agent.serverGetter ? "the `server` getter's body and `init()`" : '`init()`'} into \`function createServer()\` that builds and returns the McpServer (\`this.server\` → that server, \`this.props\` → \`getMcpAuthContext()?.props\`, \`this.env\` → \`env\` from cloudflare:workers${agent.extraMembers.length ? `, and the class's ${agent.extraMembers.map((m) => `\`${m}\``).join(', ')} beside it` : ''})`);
  steps.push(`serve \`createMcpHandler(createServer, { route: '${route}' })\` from agents/mcp/server (agents ≥ 0.20 with @modelcontextprotocol/server v2) where \`${agent.name}.serve${agent.servesSse && agent.streamableRoutes.length === 0 ? 'SSE' : ''}()\` is mounted`);
  steps.push(agent.servesSse
    ? 'keep the SSE route (and the Durable Object binding in the wrangler config) while 2025-era clients use it, then answer 410 Gone'
    : 'remove the Durable Object binding from the wrangler config once 2025-era clients have moved (its default legacy: \'stateless\' serves them too)');
  const why = notRewritten ? ` (not rewritten: ${notRewritten})` : '';
  const extended = agent.direct ? 'McpAgent' : `\`${agent.base}\` (an McpAgent)`;
  return `\`${agent.name}\` extends ${extended}: one Durable Object per client session, reached by Mcp-Session-Id, which 2026-07-28 requests do not carry (agents' sessionful 2025-era path): ${steps.join('; ')}${why} (SEP-2567)`;
}
