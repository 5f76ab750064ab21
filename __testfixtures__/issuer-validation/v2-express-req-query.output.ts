import express from 'express';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

declare const transport: StreamableHTTPClientTransport;
const app = express();

app.get('/oauth/callback', async (req, res) => {
  await transport.finishAuth(
    req.query.code as string,
    typeof req.query.iss === 'string' ? req.query.iss : undefined
  );
  res.send('Signed in');
});

app.get('/oauth/callback-destructured', async (req, res) => {
  const { code, state } = req.query;
  if (typeof state !== 'string') {
    res.status(400).send('Missing state');
    return;
  }
  await transport.finishAuth(
    code as string,
    typeof req.query.iss === 'string' ? req.query.iss : undefined
  );
  res.send('Signed in');
});
