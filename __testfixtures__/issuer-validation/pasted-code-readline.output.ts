/**
 * A teaching client that prints the authorization URL and asks the user to paste the code
 * back from the browser's address bar: no redirect is parsed anywhere, so the marker asks
 * for the whole redirect URL (which carries `iss`) instead of the bare code.
 */
import { createInterface } from 'node:readline';

export function redeemPastedCode(tokenEndpoint: string, clientId: string, verifier: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve, reject) => {
    rl.question('Paste the code from the address bar: ', async (code) => {
      rl.close();
      /* mcp-migrate(issuer-validation): this exchange redeems a code a person pastes, and no `iss` comes with it: ask for the whole redirect URL instead and, before redeeming, reject it when its `iss` differs from the issuer recorded before redirecting (exact match) or is missing while the authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
      const res = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=authorization_code&code=${encodeURIComponent(code)}&client_id=${clientId}&code_verifier=${verifier}`,
      });
      if (!res.ok) return reject(new Error(`token endpoint answered ${res.status}`));
      resolve(((await res.json()) as { access_token: string }).access_token);
    });
  });
}
