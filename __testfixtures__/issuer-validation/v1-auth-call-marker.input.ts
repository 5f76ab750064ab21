/**
 * A browser callback page on SDK 1.x that redeems the code with `auth(provider, { authorizationCode })`:
 * 1.x cannot check `iss`, so the marker says what the v2 call looks like for auth(), not finishAuth.
 */
import { auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';

export async function completeSignIn(provider: OAuthClientProvider, serverUrl: string): Promise<boolean> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (!code || !params.get('state')) return false;
  const result = await auth(provider, { serverUrl, authorizationCode: code });
  return result === 'AUTHORIZED';
}
