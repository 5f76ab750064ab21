/**
 * SEP-2164: the MCP resource-not-found error code changed from -32002 to -32602.
 *
 * Sites that *produce* the error (McpError/ProtocolError constructors, `{ code, message }`
 * error objects) switch to -32602. Sites that *consume* it (comparisons with `*.code`,
 * accept both codes, because peers still on the
 * 2025 spec keep sending -32002; a `case -32002:` gets a marker. Other -32002 literals in MCP files get a marker: the
 * number also means other things (LSP uses it for ServerNotInitialized), so we do not guess.
 * Files that import no MCP SDK are never touched.
 */
import type { API, ASTPath, FileInfo, Options, UnaryExpression, Node } from 'jscodeshift';
import './lib/catch-scope.ts';
import { importsMcp } from './lib/sdk.ts';
import { report } from './lib/report.ts';
import { mark, isIgnored } from './lib/markers.ts';
import { print } from './lib/print.ts';

export const meta = {
  id: 'resource-not-found-code',
  summary: 'Resource-not-found error code -32002 becomes -32602 (SEP-2164)',
  // The rule acts only in files that import the MCP SDK (importsMcp).
  triggers: [['@modelcontextprotocol/', '32002']],
};
export const parser = 'tsx';

const OLD = 32002;
const NEW = 32602;
const ERROR_CLASSES = new Set(['McpError', 'ProtocolError']);
const rule = meta.id;

type N = Node & Record<string, any>;

function isCode(node: N | null | undefined, value: number): boolean {
  return (
    node?.type === 'UnaryExpression' &&
    node.operator === '-' &&
    (node.argument.type === 'NumericLiteral' || node.argument.type === 'Literal') &&
    node.argument.value === value
  );
}

function isCodeMember(node: N | null | undefined): boolean {
  return (
    (node?.type === 'MemberExpression' || node?.type === 'OptionalMemberExpression') &&
    !node.computed &&
    node.property.type === 'Identifier' &&
    node.property.name === 'code'
  );
}

function sameSource(j: API['jscodeshift'], a: N, b: N): boolean {
  return j(a as any).toSource() === j(b as any).toSource();
}

const NOT_FOUND = /not\s*found|unknown\s+resource|no\s+such|does\s*n[o']t\s+exist|missing\s+resource|resource\b[^'"`]*\b(missing|gone|unavailable)/i;
const OTHER = /auth|unauthori[sz]ed|forbidden|token|credential|permission|login|sign[\s-]?in|user\s*id|required|invalid|rate\s*limit/i;
const RESOURCE_READ = new Set(['registerResource', 'resource', 'readResource', 'ResourceTemplate']);

function messageText(n: N | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'StringLiteral' || (n.type === 'Literal' && typeof n.value === 'string')) return n.value;
  if (n.type === 'TemplateLiteral') return n.quasis.map((q: N) => q.value.cooked ?? q.value.raw).join(' ');
  return undefined;
}

/**
 * Whether a raised -32002 is the resource-not-found error: its message says so, or it is
 * raised inside a resources/read handler. Real code also raises -32002 for auth failures
 * ("user id required"), which SEP-2164 does not touch.
 */
function notFoundEvidence(path: ASTPath, message: N | undefined): 'not-found' | 'other' | 'unknown' {
  const text = messageText(message);
  if (text !== undefined && NOT_FOUND.test(text)) return 'not-found';
  if (text !== undefined && OTHER.test(text)) return 'other';
  for (let p: ASTPath | null = path.parent; p; p = p.parent) {
    const n = p.node as N;
    if (n.type !== 'CallExpression') continue;
    const callee = n.callee as N;
    const name = callee.type === 'MemberExpression' ? callee.property?.name : callee.name;
    if (RESOURCE_READ.has(name)) return 'not-found';
    if (n.arguments.some((a: N) => a.type === 'Identifier' && a.name === 'ReadResourceRequestSchema') ||
        n.arguments.some((a: N) => messageText(a) === 'resources/read')) return 'not-found';
  }
  return 'unknown';
}

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const j = api.jscodeshift;
  const ctx = { file, api, options };
  const root = j(file.source);
  if (!importsMcp(j, root)) return undefined;
  let changed = false;

  const fixed = (node: unknown, message: string) =>
    report(ctx, { rule, category: 'error-code', severity: 'warning', resolution: 'fixed', message, node });

  root.find(j.UnaryExpression).forEach((path: ASTPath<UnaryExpression>) => {
    if (!isCode(path.node as N, OLD) || isIgnored(path, rule)) return;
    const parent = path.parent.node as N;
    const site = path.node; // keeps its source location after the path is replaced

    // find → check → rewrite → report, one shape at a time.
    if (parent.type === 'NewExpression' && parent.arguments[0] === path.node &&
        parent.callee.type === 'Identifier' && ERROR_CLASSES.has(parent.callee.name)) {
      const evidence = notFoundEvidence(path, parent.arguments[1] as N | undefined);
      if (evidence === 'other') return otherError(site);
      if (evidence === 'unknown') return unsure(path);
      path.replace(j.unaryExpression('-', j.numericLiteral(NEW)));
      changed = true;
      return fixed(site, `${parent.callee.name}(-32002) now raises -32602, the 2026-07-28 resource-not-found code`);
    }

    if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.value === path.node &&
        !parent.computed && (parent.key.name === 'code' || parent.key.value === 'code')) {
      const object = path.parent.parent.node as N;
      const message = object.properties.find((p: N) => p.key?.name === 'message' || p.key?.value === 'message') as N | undefined;
      if (message) {
        const evidence = notFoundEvidence(path, message.value as N);
        if (evidence === 'other') return otherError(site);
        if (evidence === 'unknown') return unsure(path);
        path.replace(j.unaryExpression('-', j.numericLiteral(NEW)));
        changed = true;
        return fixed(site, 'error object code -32002 → -32602 (resource not found, SEP-2164)');
      }
    }

    if (parent.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(parent.operator)) {
      const other = parent.left === path.node ? parent.right : parent.left;
      if (isCodeMember(other)) {
        const outer = path.parent.parent.node as N;
        const joiner = parent.operator.startsWith('!') ? '&&' : '||';
        // Already widened by an earlier run: `(x.code === -32602 || x.code === -32002)`.
        const sibling = outer.type === 'LogicalExpression' && outer.operator === joiner &&
          (outer.left === parent ? outer.right : outer.left);
        if (sibling && sibling.type === 'BinaryExpression' && sibling.operator === parent.operator &&
            [sibling.left, sibling.right].some((n: N) => isCode(n, NEW)) &&
            [sibling.left, sibling.right].some((n: N) => isCodeMember(n) && sameSource(j, n, other))) return;
        const widened = j.logicalExpression(
          joiner,
          j.binaryExpression(parent.operator, other as any, j.unaryExpression('-', j.numericLiteral(NEW))),
          j.binaryExpression(parent.operator, other as any, j.unaryExpression('-', j.numericLiteral(OLD))),
        );
        path.parent.replace(widened);
        changed = true;
        return fixed(site, 'comparison now accepts -32602 (2026-07-28) as well as -32002 (older peers)');
      }
    }

    return unsure(path);
  });

  /** A -32002 raised for something else (an auth error, say): not SEP-2164's to change. */
  function otherError(site: unknown) {
    report(ctx, { rule, category: 'error-code', severity: 'info', resolution: 'manual', node: site,
      message: '-32002 here is raised for something other than a missing resource, so it stays: SEP-2164 moves only resource-not-found to -32602' });
  }

  function unsure(path: ASTPath<UnaryExpression>) {
    const parent = path.parent.node as N;
    // A `case -32002:` would need a sibling `case -32602:`; recast reprints a whole switch
    // when its cases change (and unindents them), so a person adds it instead.
    const inSwitch = parent.type === 'SwitchCase' && isCodeMember((path.parent.parent.node as N).discriminant);
    changed = mark(j, ctx, path, {
      rule,
      category: 'error-code',
      message: inSwitch
        ? 'add `case -32602:` next to this case: 2026-07-28 peers send -32602 for resource not found (SEP-2164), older ones -32002'
        : 'if this -32002 is the MCP resource-not-found code, 2026-07-28 uses -32602 (SEP-2164); change it by hand',
    }) || changed;
  }

  return changed ? print(root, file.source) : undefined;
}
