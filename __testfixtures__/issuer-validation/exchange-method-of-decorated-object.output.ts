/**
 * A plugin that hangs its OAuth helpers on the app (`app.decorate('oauth', helpers)`): routes
 * in other modules parse the redirect and call `app.oauth.redeem(code, …)`, so the `iss`
 * check belongs there, where they are marked. The method itself is reported as info.
 */
interface Tokens { access_token: string }
interface App { decorate(name: string, value: unknown): void }

export function registerOAuthHelpers(app: App, tokenEndpoint: string, clientId: string): void {
  const helpers = {
    newState(): string {
      return Math.random().toString(36).slice(2);
    },

    async redeem(code: string, verifier: string, expectedState: string, gotState: string): Promise<Tokens> {
      if (expectedState !== gotState) throw new Error('state mismatch');
      const res = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: clientId, code_verifier: verifier }).toString(),
      });
      if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
      return (await res.json()) as Tokens;
    },
  };
  app.decorate('oauth', helpers);
}
