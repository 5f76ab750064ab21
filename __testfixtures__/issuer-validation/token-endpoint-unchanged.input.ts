import express from 'express';
import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

// The server's own authorization server (a proxy in front of an upstream IdP): its token
// endpoint receives authorization codes; it is not a client receiving a redirect.
export function tokenRoutes(exchange: (form: Record<string, string>) => Promise<OAuthTokens>) {
  const router = express.Router();
  router.post('/oauth/token', express.urlencoded({ extended: false }), async (req, res) => {
    const params = new URLSearchParams(req.body as Record<string, string>);
    const grantType = params.get('grant_type');
    if (grantType === 'authorization_code') {
      const tokens = await exchange({
        grant_type: 'authorization_code',
        code: params.get('code') ?? '',
        redirect_uri: params.get('redirect_uri') ?? '',
      });
      res.json(tokens);
      return;
    }
    res.status(400).json({ error: 'unsupported_grant_type' });
  });
  return router;
}
