/**
 * An express callback and its exchange helper in one file; the token endpoint is fixed
 * configuration, not metadata, so there is no recorded issuer to insert a check against.
 */
import express from 'express';

const TOKEN_URL = process.env.TOKEN_URL ?? 'https://login.example.com/oauth/token';

async function redeemCode(code: string): Promise<string> {
  const response = await fetch(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

const app = express();

app.get('/oauth/callback', async (req, res) => {
  const { code, state } = req.query;
  if (typeof code !== 'string' || typeof state !== 'string') {
    res.status(400).send('Missing code or state');
    return;
  }
  const token = await redeemCode(code);
  res.cookie('token', token).redirect('/');
});

export default app;
