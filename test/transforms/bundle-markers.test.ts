/**
 * Markers in bundled code (#16): a statement that starts mid-line, after a multi-line
 * template literal, once got its marker on a new line that began inside the literal; the
 * marker's backticks ended the string and the file no longer parsed. Run as modules: the
 * bundle's strings and behavior must be what they were, with one marker per site.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_ROOT } from '../helpers/fixtures.ts';
import { TRANSFORMS } from '../../src/registry.ts';
import { runTransforms } from '../../src/engine/run-file.ts';

const input = readFileSync(join(FIXTURE_ROOT, 'issuer-validation', 'bundle-statement-after-template.input.js'), 'utf8');

async function load(code: string) {
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as {
    checks: Array<{ id: string; description?: string; run(issuer: string): Promise<unknown> }>;
  };
}

describe('markers in a bundle whose statements share lines with template literals', () => {
  it('every transform, chained: the output parses, keeps its strings, and still runs', async () => {
    const r = runTransforms('dist/checks.js', input, TRANSFORMS);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('changed');
    expect(r.output!.split('mcp-migrate(issuer-validation)').length - 1).toBe(2);
    const before = await load(input);
    const after = await load(r.output!);
    expect(after.checks.map((c) => [c.id, c.description])).toEqual(before.checks.map((c) => [c.id, c.description]));
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string) => {
      fetched.push(String(url));
      return { json: async () => ({ token_endpoint: 'https://as.example/token', jwks_uri: 'https://as.example/jwks' }) };
    }) as never;
    try {
      expect(await after.checks[0].run('https://as.example')).toBe('https://as.example/token');
      expect(await after.checks[1].run('https://as.example')).toBe('https://as.example/jwks');
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(fetched).toEqual(['https://as.example/.well-known/oauth-authorization-server', 'https://as.example/.well-known/openid-configuration']);
  });

  it('a second run changes nothing', () => {
    const first = runTransforms('dist/checks.js', input, TRANSFORMS);
    expect(runTransforms('dist/checks.js', first.output!, TRANSFORMS).status).toBe('unchanged');
  });
});
