/**
 * Logging calls (`console.info(…)`, `logger.warn(…)`, `this.log.debug(…)`): what only reports
 * a value, so a rule may drop it with what it logs or change how the value is read.
 */
type N = Record<string, any>;

const LOGGER = /log/i;
const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal']);

const bare = (n: N): N => (/^(TSAsExpression|TSNonNullExpression|TSSatisfiesExpression|TSTypeAssertion|ParenthesizedExpression)$/.test(n.type) ? bare(n.expression) : n);

/** Does this name read as a logger (`log`, `logger`, `mcpLogger`, `console`)? */
export const isLoggerName = (name: string): boolean => name === 'console' || LOGGER.test(name);

export function isLogCall(e: N | null | undefined): boolean {
  if (e?.type !== 'CallExpression' || !/MemberExpression$/.test(e.callee.type) || e.callee.computed) return false;
  if (!LOG_METHODS.has(e.callee.property?.name ?? '')) return false;
  const obj = bare(e.callee.object);
  const name = obj.type === 'Identifier' ? obj.name : /MemberExpression$/.test(obj.type) && !obj.computed ? obj.property?.name : undefined;
  return !!name && isLoggerName(name);
}
