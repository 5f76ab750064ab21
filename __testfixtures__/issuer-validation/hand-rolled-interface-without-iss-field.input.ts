import { createServer } from 'node:http';

// A hand-written metadata type that predates RFC 9207: no authorization_response_iss_parameter_supported.
interface AuthorizationServer {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

declare const server: AuthorizationServer;
declare const clientId: string;

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1:8765');
  const code = url.searchParams.get('code');
  if (!code) {
    res.statusCode = 400;
    res.end(`Sign-in failed: ${url.searchParams.get('error') ?? 'no code'}`);
    return;
  }
  const tokenResponse = await fetch(server.token_endpoint, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: clientId }),
  });
  res.end(tokenResponse.ok ? 'Signed in' : 'Token request failed');
}).listen(8765);

// A newer type that declares the field: the check reads it directly.
interface AuthorizationServerWithIss extends AuthorizationServer {
  authorization_response_iss_parameter_supported?: boolean;
}

export async function exchange(callbackUrl: string, as: AuthorizationServerWithIss): Promise<string> {
  const params = new URL(callbackUrl).searchParams;
  const code = params.get('code') ?? '';
  const response = await fetch(as.token_endpoint, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: clientId }),
  });
  const tokens = (await response.json()) as { access_token: string };
  return tokens.access_token;
}
