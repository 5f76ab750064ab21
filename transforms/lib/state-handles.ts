/**
 * Names and generated code for explicit state handles (MCP 2026-07-28, SEP-2567): a
 * session-keyed store `carts` becomes a handle-keyed store reached through `cart_id`,
 * minted by an `open_cart` tool. Only text lives here; session-state.ts decides where it goes.
 *
 * Generated code is emitted as source text and parsed with the file's own parser
 * (j.template), so a .js file gets no type annotations and a .ts file gets them.
 */

export interface StateNames {
  /** The store's variable name, e.g. `carts`. */
  store: string;
  /** Tool argument that carries the handle, e.g. `cart_id` (fallback `state_handle`). */
  param: string;
  /** Human noun for descriptions and errors, e.g. `cart` (fallback `state`). */
  noun: string;
  open: string;
  close: string;
  /** Module-level helper that turns (handle, principal) into the store key, e.g. `keyForCart`. */
  keyFn: string;
  /** Module-level helper that builds the unknown-handle tool error, e.g. `unknownCart`. */
  unknownFn: string;
  /** Local holding the store key inside a handler, e.g. `cartKey`. */
  keyLocal: string;
}

const GENERIC = new Set(['', 'session', 'state', 'data', 'store', 'context', 'info', 'value', 'entry', 'map', 'cache']);

function singular(word: string): string {
  if (/ies$/i.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|us)$/i.test(word)) return word;
  if (/s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/** `sessionCarts` / `cartsBySession` / `cartStore` → `cart`; `sessions` → '' (generic). */
export function stateNoun(store: string): string {
  let base = store
    .replace(/^_+/, '')
    .replace(/^(per)?sessions?(?=[A-Z_]|$)_?/i, '')
    .replace(/_?(By|Per|For)_?Sessions?(Id)?$/i, '')
    .replace(/_?(Map|Store|Registry|Table|State)$/i, '');
  base = singular(base);
  const snake = base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return GENERIC.has(snake) || !/^[a-z][a-z0-9_]*$/.test(snake) ? '' : snake;
}

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function stateNames(store: string): StateNames {
  const noun = stateNoun(store);
  const word = noun || 'state';
  const Pascal = camel(word).replace(/^./, (c) => c.toUpperCase());
  return {
    store,
    param: noun ? `${noun}_id` : 'state_handle',
    noun: word.replace(/_/g, ' '),
    open: `open_${word}`,
    close: `close_${word}`,
    keyFn: `keyFor${Pascal}`,
    unknownFn: `unknown${Pascal}`,
    keyLocal: `${camel(word)}Key`,
  };
}

export type Flavor = 'v1' | 'v2';

/** The auth principal on a handler's context object, by SDK generation. */
export function authInfoOf(flavor: Flavor, ctx: string): string {
  return flavor === 'v1' ? `${ctx}.authInfo` : `${ctx}.http?.authInfo`;
}

/** Principal when authenticated, else the request id: the replacement for session-keyed telemetry. */
export function principalOrRequestId(flavor: Flavor, ctx: string): string {
  return flavor === 'v1'
    ? `${ctx}.authInfo?.clientId ?? String(${ctx}.requestId)`
    : `${ctx}.http?.authInfo?.clientId ?? String(${ctx}.mcpReq.id)`;
}

/** The two module-level helpers, placed once per store. */
export function helperSource(n: StateNames, ts: boolean): string {
  const t = (s: string) => (ts ? s : '');
  return [
    `// MCP 2026-07-28 has no sessions (SEP-2567): a ${n.noun} is reached through an explicit`,
    `// ${n.param} handle that ${n.open} mints and the model passes back. The handle is a bearer`,
    `// capability (128 random bits); on authenticated requests the key also holds the caller`,
    `// (token subject, else OAuth client), so a handle replayed by another principal finds nothing.`,
    `function ${n.keyFn}(${camel(n.param)}${t(': string')}, auth${t('?: AuthInfo')})${t(': string')} {`,
    `  return auth ? \`\${auth.extra?.sub ?? auth.clientId}:\${${camel(n.param)}}\` : ${camel(n.param)};`,
    `}`,
    ``,
    `// An unknown, closed or foreign handle is a tool error the model can recover from.`,
    `function ${n.unknownFn}(${camel(n.param)}${t(': string')}) {`,
    `  return {`,
    `    content: [{ type: 'text'${t(' as const')}, text: \`Unknown or expired ${n.param} "\${${camel(n.param)}}". Call ${n.open} to get a new one.\` }],`,
    `    isError: true,`,
    `  };`,
    `}`,
  ].join('\n');
}

export interface OpenToolInput {
  names: StateNames;
  server: string;
  flavor: Flavor;
  /** Source text of the initial value, taken from the old lazy or session-start creation. */
  init: string;
  /** Tools that take the handle, for the description. */
  users: string[];
  /** How the entry ends, for the description (e.g. `checkout or close_cart`). */
  endedBy: string[];
}

function list(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function openToolSource(o: OpenToolInput): string {
  const n = o.names;
  const ctx = o.flavor === 'v1' ? 'extra' : 'ctx';
  const ends = o.endedBy.length ? `${o.endedBy.join(' or ')} ends it, or the server restarts` : 'the server restarts';
  const description = `Open a new ${n.noun} and return its ${n.param}. Pass ${n.param} to ${list(o.users)}. The ${n.noun} lasts until ${ends}.`;
  return [
    `// Replaces the implicit per-session ${n.noun}: 16 bytes from the CSPRNG, base64url (22 chars).`,
    `${o.server}.registerTool(`,
    `  '${n.open}',`,
    `  { description: '${description.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' },`,
    `  async (${ctx}) => {`,
    `    const ${n.param} = randomBytes(16).toString('base64url');`,
    `    ${n.store}.set(${n.keyFn}(${n.param}, ${authInfoOf(o.flavor, ctx)}), ${o.init});`,
    `    return { content: [{ type: 'text', text: ${n.param} }], structuredContent: { ${n.param} } };`,
    `  },`,
    `);`,
  ].join('\n');
}

export function closeToolSource(n: StateNames, server: string, flavor: Flavor, z: string): string {
  const ctx = flavor === 'v1' ? 'extra' : 'ctx';
  return [
    `// Replaces the cleanup that ran when the session closed: the model ends the ${n.noun} itself.`,
    `${server}.registerTool(`,
    `  '${n.close}',`,
    `  { description: 'Close a ${n.noun} opened with ${n.open}.', inputSchema: { ${n.param}: ${paramSchema(n, z)} } },`,
    `  async ({ ${n.param} }, ${ctx}) => {`,
    `    ${n.store}.delete(${n.keyFn}(${n.param}, ${authInfoOf(flavor, ctx)}));`,
    `    return { content: [{ type: 'text', text: \`closed \${${n.param}}\` }] };`,
    `  },`,
    `);`,
  ].join('\n');
}

export function paramSchema(n: StateNames, z: string): string {
  return `${z}.string().describe('${n.noun} handle returned by ${n.open}')`;
}
