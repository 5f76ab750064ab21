import type { OAuthClientProvider, OAuthTokens } from '@modelcontextprotocol/client';

// A headless provider: it captures the whole redirect, and the SDK's auth() (which checks
// `iss` first) asks it for the token request.
export abstract class HeadlessProvider implements Partial<OAuthClientProvider> {
  private captured?: { code: string; iss?: string };
  private verifier = '';
  redirectUri = 'http://127.0.0.1:4000/callback';

  capture(callback: URL): void {
    const code = callback.searchParams.get('code');
    if (code) this.captured = { code, iss: callback.searchParams.get('iss') ?? undefined };
  }

  async prepareTokenRequest(): Promise<URLSearchParams | undefined> {
    if (!this.captured) return undefined;
    const params = new URLSearchParams();
    params.set('grant_type', 'authorization_code');
    params.set('code', this.captured.code);
    params.set('code_verifier', this.verifier);
    params.set('redirect_uri', this.redirectUri);
    return params;
  }

  abstract saveTokens(tokens: OAuthTokens): Promise<void>;
}
