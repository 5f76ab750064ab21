/**
 * A test-harness style client: the loopback server settles a promise with `{ code, state }`,
 * and a private method later redeems the code against the discovered token endpoint. The flow
 * gets one marker, at the hop where the redirect's code is handed on without `iss`; the
 * exchange method that receives it is reported as info.
 */
import { createServer, type Server } from 'node:http';

interface Callback { code: string; state: string }

export class HarnessAuth {
  private server?: Server;
  private settle?: (cb: Callback) => void;

  constructor(private readonly tokenEndpoint: string, private readonly clientId: string) {}

  listen(port: number): Promise<Callback> {
    const result = new Promise<Callback>((resolve) => { this.settle = resolve; });
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', `http://localhost:${port}`);
      const code = url.searchParams.get('code');
      const state = url.searchParams.get('state') ?? '';
      res.end('done');
      /* mcp-migrate(issuer-validation): this hands the authorization `code` from the redirect to this.settle() without `iss`: read url.searchParams.get('iss') here and pass it along (or check it here against the issuer this flow was started with); before the code is redeemed, reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
      if (code && this.settle) this.settle({ code, state });
    });
    this.server.listen(port);
    return result;
  }

  async login(port: number, verifier: string): Promise<string> {
    const { code } = await this.listen(port);
    this.server?.close();
    return this.exchange({ code, verifier });
  }

  private async exchange(input: { code: string; verifier: string }): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: this.clientId,
      code: input.code,
      code_verifier: input.verifier,
    });
    const res = await fetch(this.tokenEndpoint, { method: 'POST', body });
    const json = (await res.json()) as { access_token: string };
    return json.access_token;
  }
}
