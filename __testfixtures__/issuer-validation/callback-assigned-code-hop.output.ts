/**
 * A manual-callback route: the user pastes the whole redirect URL, the handler assigns the code
 * to a `let` declared earlier and hands it to the connection. The hop is found through the
 * assignment, and marked there.
 */
import express from 'express';

interface Connection {
  handleAuthCallback(code: string): Promise<void>;
}
declare function connectionFor(name: string): Connection;

const app = express();
app.use(express.json());

app.post('/oauth/manual_callback', async (req, res) => {
  let code: string | null = null;
  let serverName: string | null = null;
  const pasted = new URL(String(req.body?.url ?? ''));
  if (pasted.searchParams.has('code')) {
    code = pasted.searchParams.get('code');
  }
  serverName = pasted.searchParams.get('server_name');
  if (!code || !serverName) {
    res.status(400).json({ error: 'missing code or server_name' });
    return;
  }
  /* mcp-migrate(issuer-validation): this hands the authorization `code` from the redirect to connectionFor(…).handleAuthCallback() without `iss`: read pasted.searchParams.get('iss') here and pass it along (or check it here against the issuer this flow was started with); before the code is redeemed, reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  await connectionFor(serverName).handleAuthCallback(code);
  res.json({ status: 'ok' });
});

export default app;
