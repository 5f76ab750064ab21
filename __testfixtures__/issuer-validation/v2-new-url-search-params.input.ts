import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

declare const transport: StreamableHTTPClientTransport;

export async function onCallback(req: IncomingMessage, res: ServerResponse) {
  const params = new URL(req.url!, `http://${req.headers.host}`).searchParams;
  await transport.finishAuth(params.get('code')!);
  res.end('ok');
}

export async function onCallbackInline(req: IncomingMessage, res: ServerResponse) {
  const code = new URL(req.url!, 'http://localhost').searchParams.get('code') ?? '';
  await transport.finishAuth(code);
  res.end('ok');
}
