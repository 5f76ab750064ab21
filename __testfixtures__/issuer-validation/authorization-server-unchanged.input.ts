import express from 'express';

// An authorization server, not a client: it serves metadata and checks grant types.
const app = express();
app.use(express.urlencoded({ extended: false }));

app.get('/.well-known/oauth-authorization-server', (_req, res) => {
  res.json({ issuer: 'https://auth.example.com', authorization_response_iss_parameter_supported: true });
});

app.post('/token', (req, res) => {
  if (req.body.grant_type !== 'authorization_code') {
    res.status(400).json({ error: 'unsupported_grant_type' });
    return;
  }
  res.json({ access_token: 'token', token_type: 'Bearer' });
});
