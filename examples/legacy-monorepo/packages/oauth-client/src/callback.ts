import express from 'express';

interface AuthServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  authorization_response_iss_parameter_supported?: boolean;
}

export async function discover(issuer: string): Promise<AuthServerMetadata> {
  const res = await fetch(new URL('/.well-known/oauth-authorization-server', issuer));
  if (!res.ok) throw new Error(`metadata fetch failed: ${res.status}`);
  return (await res.json()) as AuthServerMetadata;
}

export function callbackRouter(metadata: AuthServerMetadata, clientId: string, redirectUri: string) {
  const router = express.Router();

  router.get('/oauth/callback', async (req, res) => {
    const code = req.query.code as string | undefined;
    const error = req.query.error as string | undefined;
    if (error) {
      res.status(400).send(`Authorization failed: ${req.query.error_description ?? error}`);
      return;
    }
    if (!code) {
      res.status(400).send('missing code');
      return;
    }

    const tokenResponse = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: clientId,
      }),
    });
    const tokens = (await tokenResponse.json()) as { access_token: string };
    res.json({ ok: true, tokenType: typeof tokens.access_token });
  });

  return router;
}
