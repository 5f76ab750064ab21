import { createServer } from 'node:http';

const issuer = 'https://login.example.com';
const metadata = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const tokenResponse = await fetch(metadata.token_endpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: url.searchParams.get('code') ?? '',
      redirect_uri: 'http://localhost:3000/cb',
    }),
  });
  res.end(tokenResponse.ok ? 'ok' : 'failed');
}).listen(3000);
