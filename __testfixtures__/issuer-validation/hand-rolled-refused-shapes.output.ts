import express from 'express';

const TOKEN_URL = 'https://auth.example.com/oauth/token';
const app = express();

// The token endpoint is a constant: this client can only reach one authorization server, so
// there is nothing to mix up (info, no marker).
app.get('/callback', async (req, res) => {
  const code = req.query.code as string;
  const tokenResponse = await fetch(TOKEN_URL, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: 'cli' }),
  });
  res.json(await tokenResponse.json());
});

// The exchange gets `code` from its caller, which takes it from the user (no redirect to read
// `iss` from): marked here, where the code is redeemed.
async function exchangeCode(tokenEndpoint: string, code: string, verifier: string) {
  const body = new URLSearchParams();
  /* mcp-migrate(issuer-validation): this exchange redeems a code a person pastes, and no `iss` comes with it: ask for the whole redirect URL instead and, before redeeming, reject it when its `iss` differs from the issuer recorded before redirecting (exact match) or is missing while the authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  body.append('grant_type', 'authorization_code');
  body.append('code', code);
  body.append('code_verifier', verifier);
  return (await fetch(tokenEndpoint, { method: 'POST', body })).json();
}

export async function pasteCodeLogin(tokenEndpoint: string, ask: (q: string) => Promise<string>, verifier: string) {
  return exchangeCode(tokenEndpoint, await ask('Paste the authorization code: '), verifier);
}
