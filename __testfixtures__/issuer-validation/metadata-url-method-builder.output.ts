/**
 * A resource-side helper class whose discovery URL comes from a private method and is fetched
 * by another method through `this.discoveryUrl()`: the RFC 8414 §3.3 marker goes at the fetch.
 */
interface Metadata { issuer: string; jwks_uri: string }

export class AuthorizationServerInfo {
  private cached?: Metadata;

  constructor(private readonly baseUrl: string) {}

  private discoveryUrl(): string {
    return `${this.baseUrl}/.well-known/oauth-authorization-server`;
  }

  async metadata(): Promise<Metadata> {
    if (this.cached) return this.cached;
    const url = this.discoveryUrl();
    /* mcp-migrate(issuer-validation): check that the metadata fetched here (URL from discoveryUrl()) has `issuer` equal to the issuer the URL was built from, and do not use the metadata otherwise (RFC 8414 §3.3, SEP-2468) */
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`discovery failed: ${res.status}`);
    this.cached = (await res.json()) as Metadata;
    return this.cached;
  }
}
