/**
 * A CLI login on a loopback callback server: login() discovers the authorization server,
 * serves /callback until the redirect arrives, exchanges the code there, and settles its
 * promise with the tokens or the error, closing the callback server either way. Prints
 * `AUTHORIZE <url>` for the user's browser, then `LOGIN OK` or `LOGIN FAILED <message>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Tokens {
  access_token: string;
}

export async function login(issuer: string): Promise<Tokens> {
  const metadataResponse = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
  const metadata = await metadataResponse.json();
  return new Promise<Tokens>((resolve, reject) => {
    let redirectUri = '';
    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/callback') {
        res.writeHead(404).end();
        return;
      }
      if (url.searchParams.has('error')) {
        res.writeHead(400).end('Sign-in failed');
        server.close();
        reject(new Error('authorization failed'));
        return;
      }
      const code = url.searchParams.get('code') ?? '';
      try {
        const tokenResponse = await fetch(metadata.token_endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'cli' }),
        });
        const tokens = (await tokenResponse.json()) as Tokens;
        res.writeHead(200).end('Signed in; you can close this tab');
        server.close();
        resolve(tokens);
      } catch (err) {
        res.writeHead(500).end('Sign-in failed');
        server.close();
        reject(err);
      }
    });
    server.listen(0, '127.0.0.1', () => {
      redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
      const authorize = new URL(metadata.authorization_endpoint);
      authorize.searchParams.set('response_type', 'code');
      authorize.searchParams.set('client_id', 'cli');
      authorize.searchParams.set('redirect_uri', redirectUri);
      console.log(`AUTHORIZE ${authorize.href}`);
    });
  });
}

if (process.env.AS_URL) {
  login(process.env.AS_URL).then(
    () => console.log('LOGIN OK'),
    (err: Error) => {
      console.log(`LOGIN FAILED ${err.message}`);
      process.exitCode = 1;
    },
  );
}
