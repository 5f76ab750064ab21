/**
 * A CLI's own `login` against its vendor's single, hard-coded identity provider: the token
 * request can only reach that one authorization server, so there is nothing to mix up
 * (RFC 9207 protects clients of several). Reported as info; nothing is edited or marked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const IDP_HOST = 'login.example-vendor.com';
const CLIENT_ID = 'vendor-cli';

export class VendorLogin {
  private verifier = 'not-so-random-verifier';
  private server = createServer((req, res) => this.onRedirect(req, res));

  start(port: number): void {
    this.server.listen(port);
  }

  private onRedirect(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const code = url.searchParams.get('code');
    if (!code) {
      res.statusCode = 400;
      res.end('no code');
      return;
    }
    void this.redeem(code);
    res.end('You can close this window.');
  }

  private async redeem(code: string): Promise<void> {
    const tokenUrl = `https://${IDP_HOST}/oauth/token`;
    const res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', client_id: CLIENT_ID, code, code_verifier: this.verifier }),
    });
    this.server.close();
    if (!res.ok) throw new Error(`login failed: ${res.status}`);
  }
}
