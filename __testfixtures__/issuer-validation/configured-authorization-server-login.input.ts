/**
 * An MCP server's own staff sign-in: the callback route redeems the code at the one identity
 * provider its configuration names (`config.issuer`), never at one discovered from a server
 * it meets, and so does a route handler built from its settings. A client of one authorization
 * server cannot be mixed up (RFC 9207 §1): info, no marker. The partner flow below takes its
 * token URL from its caller, so it is still checked.
 */
import express from 'express';

const config = {
  issuer: process.env.STAFF_IDP_ISSUER ?? 'https://idp.example.org',
  clientId: process.env.STAFF_IDP_CLIENT_ID ?? 'mcp-console',
  redirectUri: 'https://console.example.org/auth/callback',
};

const pendingStates = new Set<string>();
export const app = express();

app.get('/auth/callback', async (req, res) => {
  const { code, state } = req.query as { code?: string; state?: string };
  if (!code || !state || !pendingStates.delete(state)) {
    res.status(400).send('Sign-in could not be completed.');
    return;
  }
  const tokens = await fetch(`${config.issuer}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: config.clientId, redirect_uri: config.redirectUri }),
  });
  res.status(tokens.ok ? 200 : 502).send(tokens.ok ? 'Signed in.' : 'Sign-in failed.');
});

/** The same sign-in for another console, built once from the settings it is mounted with. */
export function consoleCallback(config: { issuer: string; clientId: string }) {
  return async (req: express.Request, res: express.Response) => {
    const { code, state } = req.query as { code?: string; state?: string };
    if (!code || !state || !pendingStates.delete(state)) {
      res.status(400).send('Sign-in could not be completed.');
      return;
    }
    const tokens = await fetch(new URL('/oauth2/token', config.issuer), {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: config.clientId }),
    });
    res.sendStatus(tokens.ok ? 204 : 502);
  };
}

const partners = new Map<string, { tokenUrl: string; clientId: string }>();

app.get('/partners/:id/callback', async (req, res) => {
  const partner = partners.get(req.params.id);
  const ok = partner ? await redeemPartnerCode(partner, new URL(req.originalUrl, 'https://console.example.org').searchParams) : false;
  res.status(ok ? 200 : 400).send(ok ? 'Partner linked.' : 'Partner sign-in failed.');
});

/** A partner's sign-in: its `config` arrives with each call, one per partner, so which server answers varies. */
async function redeemPartnerCode(config: { tokenUrl: string; clientId: string }, callback: URLSearchParams): Promise<boolean> {
  const code = callback.get('code');
  const state = callback.get('state');
  if (!code || !state) return false;
  const tokens = await fetch(config.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: config.clientId }),
  });
  return tokens.ok;
}
