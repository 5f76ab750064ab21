/**
 * A CLI's loopback callback server that settles a promise with the code alone; the caller
 * awaits it and redeems the code elsewhere. The file names no token exchange at all.
 */
import { createServer } from 'node:http';

export function waitForCallback(port: number, expectedState: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      const code = url.searchParams.get('code');
      const state = url.searchParams.get('state');
      if (!code || state !== expectedState) {
        res.writeHead(400).end('Sign-in failed');
        server.close();
        reject(new Error('authorization failed'));
        return;
      }
      res.writeHead(200).end('You can close this tab');
      server.close();
      /* mcp-migrate(issuer-validation): this callback settles its promise with the authorization `code` but not `iss`: resolve with url.searchParams.get('iss') as well, and where the promise is awaited, before the code is redeemed, reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
      resolve(code);
    });
    server.listen(port, '127.0.0.1');
  });
}
