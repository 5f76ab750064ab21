/**
 * A browser callback page on SDK 1.x that redeems the code with `auth(provider, { authorizationCode })`:
 * 1.x cannot check `iss`, so the marker says what the v2 call looks like for auth(), not finishAuth.
 */
import { auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';

export async function completeSignIn(provider: OAuthClientProvider, serverUrl: string): Promise<boolean> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (!code || !params.get('state')) return false;
  /* mcp-migrate(issuer-validation): SDK 1.x does not validate `iss` (RFC 9207, SEP-2468): run `mcp-migrate pins --to v2`, then pass the callback `iss` beside the code: auth(provider, { authorizationCode, iss }); until then compare the callback `iss` with the issuer recorded before the redirect, and reject when it differs or is missing while the AS advertises authorization_response_iss_parameter_supported */
  const result = await auth(provider, { serverUrl, authorizationCode: code });
  return result === 'AUTHORIZED';
}
