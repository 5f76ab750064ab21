/**
 * What the issuer rule says (not only what it writes) where OAuth code plays a part other than
 * "the client decides here": exported exchange helpers, metadata pass-through routes, checks
 * made in a helper the fetch loop calls, and a callback whose code goes into a request body.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_ROOT, readText } from '../helpers/fixtures.ts';
import { TRANSFORMS } from '../../src/registry.ts';
import { runTransforms } from '../../src/engine/run-file.ts';

const rule = TRANSFORMS.find((t) => t.meta.id === 'issuer-validation')!;
const run = (name: string) => {
  const path = join(FIXTURE_ROOT, 'issuer-validation', `${name}.input.ts`);
  const r = runTransforms(`src/${name}.ts`, readText(path), [rule]);
  expect(r.error).toBeUndefined();
  return r;
};
const packages = mkdtempSync(join(tmpdir(), 'issuer-packages-'));
afterAll(() => rmSync(packages, { recursive: true, force: true }));
let packageCount = 0;
const manual = (r: ReturnType<typeof run>) => r.findings.filter((f) => f.resolution === 'manual' && f.severity !== 'info');

describe('issuer-validation: roles of OAuth code', () => {
  it('an exported exchange helper and a provider method get info, not a marker', () => {
    const r = run('exported-exchange-helper-unchanged');
    expect(r.status).toBe('unchanged');
    const infos = r.findings.filter((f) => f.category === 'hand-rolled-oauth-client');
    expect(infos.map((f) => f.severity)).toEqual(['info', 'info']);
    expect(infos[0].message).toMatch(/redeemUpstreamCode\(\).*exported.*callers parse the redirect/);
    expect(infos[1].message).toMatch(/exchangeAuthorizationCode\(\)/);
  });

  it('a non-exported helper fed by a pasted code keeps its marker, which asks for the whole redirect URL', () => {
    const r = run('hand-rolled-refused-shapes');
    const pasted = manual(r).filter((f) => f.category === 'hand-rolled-oauth-client');
    expect(pasted).toHaveLength(1);
    expect(pasted[0].message).toMatch(/redeems a code a person pastes.*ask for the whole redirect URL/);
    expect(pasted[0].message).not.toMatch(/where the redirect is parsed/);
  });

  it('metadata served to the route’s own clients is a pass-through', () => {
    const r = run('metadata-pass-through-route');
    expect(r.status).toBe('unchanged');
    expect(manual(r)).toEqual([]);
    const passThrough = r.findings.filter((f) => /pass-through/.test(f.message));
    expect(passThrough).toHaveLength(3);
  });

  it('a comparison in the helper the fetch loop calls counts as the check', () => {
    const r = run('metadata-checked-in-bind-helper');
    expect(r.status).toBe('unchanged');
    expect(manual(r)).toEqual([]);
    expect(r.findings.some((f) => f.category === 'oauth-compliant' && /compared by hand/.test(f.message))).toBe(true);
  });

  it('a code redeemed through a built body (also `.toString()`ed) is marked at the request, once per callback', () => {
    const r = run('callback-body-builder-exchange');
    const markers = manual(r).filter((f) => f.category === 'oauth-callback');
    expect(markers).toHaveLength(3);
    for (const m of markers) expect(m.message).toMatch(/^this request redeems the authorization `code`/);
    expect(r.output!.match(/mcp-migrate\(issuer-validation\)/g)).toHaveLength(3);
    expect(r.output).not.toMatch(/to URLSearchParams\(\)/);
  });

  it('a method of an object handed to the app (decorate) is API: info, its callers elsewhere are marked', () => {
    const r = run('exchange-method-of-decorated-object');
    expect(r.status).toBe('unchanged');
    expect(manual(r)).toEqual([]);
    expect(r.findings.map((f) => [f.severity, f.category])).toEqual([['info', 'hand-rolled-oauth-client']]);
    expect(r.findings[0].message).toMatch(/redeem\(\).*exported.*callers parse the redirect/);
  });

  it('a token request that can only reach one literal authorization server is not asked for iss, nor is its callback', () => {
    const r = run('fixed-authorization-server-login');
    expect(r.status).toBe('unchanged');
    expect(manual(r)).toEqual([]);
    expect(r.findings.map((f) => [f.severity, f.category])).toEqual([['info', 'oauth-compliant'], ['info', 'oauth-compliant']]);
    expect(r.findings[0].message).toMatch(/only reach one authorization server \(https:\/\/login\.example-vendor\.com\/oauth\/token\)/);
    // The callback that hands the code on is reported too (never a silent skip), not marked.
    expect(r.findings[1].message).toMatch(/hands the code to this\.redeem\(\), which redeems it at one fixed authorization server/);
  });

  it('a token request whose server one configuration setting names is not asked for iss; a per-call config parameter is', () => {
    const r = run('configured-authorization-server-login');
    const single = r.findings.filter((f) => f.category === 'oauth-compliant');
    expect(single.map((f) => f.message.match(/\(the one `([^`]+)` names\)/)?.[1])).toEqual(['config.issuer', 'config.issuer']);
    // The module's settings and a route factory's settings; the partner's per-call config keeps its marker.
    expect(manual(r)).toHaveLength(1);
    expect(manual(r)[0].line).toBeGreaterThan(single[1].line);
  });

  it('an SDK-less callback that never says MCP is not an MCP client outside a package named for MCP or depending on its SDK', () => {
    const source = readText(join(FIXTURE_ROOT, 'issuer-validation', 'callback-assigned-code-hop.input.ts'));
    expect(source).not.toMatch(/mcp/i);
    const at = (manifest: object) => {
      const dir = join(packages, `p${packageCount++}`);
      mkdirSync(join(dir, 'src'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
      return runTransforms(join(dir, 'src', 'callback.ts'), source, [rule]);
    };
    const plugin = at({ name: '@acme/plugin-oauth2', dependencies: { hono: '^4.0.0' } });
    expect(plugin.status).toBe('unchanged');
    expect(manual(plugin)).toEqual([]);
    expect(plugin.findings.map((f) => [f.severity, f.category])).toEqual([['info', 'oauth-compliant']]);
    expect(plugin.findings[0].message).toMatch(/not an MCP client/);
    // Named for MCP, or depending on its SDK: an MCP client's sign-in, marked as in this repo.
    expect(manual(at({ name: 'mcp-auth-helper', dependencies: { express: '^5.0.0' } })).length).toBeGreaterThan(0);
    expect(manual(at({ name: 'hub', dependencies: { '@modelcontextprotocol/client': '^2.0.0' } })).length).toBeGreaterThan(0);
  });

  it('a discovered token endpoint is not a fixed one', () => {
    // Same shape, but the endpoint comes from a constructor parameter: the marker stays.
    const r = run('loopback-promise-then-private-exchange');
    expect(r.findings.some((f) => f.category === 'oauth-compliant')).toBe(false);
  });

  it('one marker per flow: at the hop that hands the redirect’s code on, not again at the exchange it feeds', () => {
    const r = run('loopback-promise-then-private-exchange');
    const markers = manual(r);
    expect(markers.map((f) => f.category)).toEqual(['oauth-callback']);
    expect(markers[0].message).toMatch(/to this\.settle\(\) without `iss`/);
    const exchange = r.findings.find((f) => f.category === 'hand-rolled-oauth-client')!;
    expect(exchange.severity).toBe('info');
    expect(exchange.message).toMatch(/exchange\(\) exchanges a code it is given; this file parses the redirect at line 21/);
  });

  it('a list of metadata URLs fetched in a loop is marked once, at the fetch', () => {
    const r = run('metadata-url-list-fetch-loop');
    const markers = manual(r);
    expect(markers).toHaveLength(1);
    expect(markers[0].line).toBe(29);
    expect(markers[0].message).toMatch(/URL from candidateMetadataUrls\(\)/);
    expect(r.output!.split('\n')[28]).toMatch(/mcp-migrate\(issuer-validation\)/);
    expect(r.output!.split('\n')[29]).toMatch(/await fetch\(candidate\)/);
  });

  it('a code typed into readline’s question() callback is a pasted code too', () => {
    const r = run('pasted-code-readline');
    const markers = manual(r);
    expect(markers).toHaveLength(1);
    expect(markers[0].message).toMatch(/redeems a code a person pastes/);
    expect(r.output!.split('\n')[12]).toMatch(/mcp-migrate\(issuer-validation\)/);
  });

  it('a code copied into a record of the callback params is followed to where record.code goes', () => {
    const r = run('callback-params-record');
    const markers = manual(r);
    expect(markers).toHaveLength(1);
    expect(markers[0].category).toBe('oauth-callback');
    expect(markers[0].message).toMatch(/to clientFor\(…\)\.finishLogin\(\) without `iss`: read searchParams\.get\('iss'\)/);
    expect(r.output!.split('\n')[25]).toMatch(/finishLogin\(received\.code/);
  });

  it('a code handed on with a literal token URL (helper option or request URL) is info; a configured one is marked', () => {
    const r = run('upstream-fixed-token-url');
    const fixed = r.findings.filter((f) => f.category === 'oauth-compliant');
    expect(fixed.map((f) => f.message.match(/\((https:[^)]+)\)/)?.[1])).toEqual([
      'https://forge.example.org/login/oauth/access_token',
      'https://chat.example.net/api/oauth.access',
    ]);
    const markers = manual(r);
    expect(markers).toHaveLength(1);
    expect(markers[0].line).toBeGreaterThan(38);
    expect(markers[0].message).toMatch(/to redeemUpstream\(\) without `iss`/);
  });

  it('the upstream leg of an authorization server (its callback completes its client’s authorization) is info', () => {
    const r = run('upstream-leg-of-authorization-server');
    expect(r.status).toBe('unchanged');
    expect(manual(r)).toEqual([]);
    expect(r.findings.map((f) => f.category)).toEqual(['oauth-compliant']);
    expect(r.findings[0].message).toMatch(/upstream leg of an authorization server/);
  });

  it('SDK 1.x: a loopback that settles the code and finishAuth(code) in the same file get one marker, at the hop', () => {
    const r = run('v1-loopback-settles-code-then-finish');
    const markers = manual(r);
    expect(markers).toHaveLength(1);
    expect(markers[0].category).toBe('oauth-callback');
    expect(markers[0].message).toMatch(/settles its promise with the authorization `code` but not `iss`.*SDK 1\.x.*pins --to v2/);
    const finish = r.findings.find((f) => f.category === 'sdk-oauth-client')!;
    expect(finish.severity).toBe('info');
    expect(finish.message).toMatch(/comes from the callback at line 17 of this file/);
  });

  it('a metadata URL handed to an HTTP helper is marked at that call, which it names', () => {
    const r = run('metadata-discovery-refused');
    const via = manual(r).filter((f) => /through httpGetJson\(\)/.test(f.message));
    expect(via).toHaveLength(1);
    const lines = r.output!.split('\n');
    const at = lines.findIndex((l) => /through httpGetJson\(\)/.test(l));
    expect(lines[at + 1]).toMatch(/await httpGetJson\(url\)/);
  });

  it('a discovery URL returned by a method and fetched through this.method() is marked at the fetch', () => {
    const r = run('metadata-url-method-builder');
    const markers = manual(r);
    expect(markers).toHaveLength(1);
    expect(markers[0].message).toMatch(/URL from discoveryUrl\(\)/);
    const lines = r.output!.split('\n');
    expect(lines[lines.findIndex((l) => /URL from discoveryUrl/.test(l)) + 1]).toMatch(/await fetch\(url/);
  });

  it('SDK 1.x finishAuth(code) with only the code in hand is told to bring iss along, not to pass URLSearchParams', () => {
    const r = run('v1-finish-code-from-caller');
    const [m] = manual(r);
    expect(manual(r)).toHaveLength(1);
    expect(m.message).toMatch(/only the code reaches this call.*finishAuth\(code, iss\)/);
    expect(m.message).not.toMatch(/finishAuth\(params\)/);
  });
});
