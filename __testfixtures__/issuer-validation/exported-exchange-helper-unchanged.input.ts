/**
 * Token-exchange helpers other modules call with a code they read from the redirect: the
 * `iss` check belongs where those callers parse it (they are marked at that hop), so these
 * are left as they are and reported as info.
 */
export interface UpstreamTokens {
  access_token: string;
  refresh_token?: string;
}

export async function redeemUpstreamCode(tokenUrl: string, clientId: string, code: string): Promise<UpstreamTokens> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code }),
  });
  if (!response.ok) throw new Error(`upstream token request failed: ${response.status}`);
  return (await response.json()) as UpstreamTokens;
}

/** The provider object a proxying authorization server hands to its router. */
export class UpstreamProvider {
  constructor(private readonly tokenUrl: string, private readonly clientId: string) {}

  async exchangeAuthorizationCode(code: string, verifier: string): Promise<UpstreamTokens> {
    const body = new URLSearchParams();
    body.set('grant_type', 'authorization_code');
    body.set('code', code);
    body.set('code_verifier', verifier);
    body.set('client_id', this.clientId);
    const response = await fetch(this.tokenUrl, { method: 'POST', body });
    return (await response.json()) as UpstreamTokens;
  }
}
