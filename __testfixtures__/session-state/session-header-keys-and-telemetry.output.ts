import express from 'express';
import type { Request } from 'express';

type Span = { setAttribute(key: string, value: string): void };
declare function currentSpan(): Span;

// Carts of an MCP shopping assistant, one per Mcp-Session-Id.
const carts = new Map<string, string[]>();
const app = express();
app.use(express.json());

app.post('/cart/items', (req, res) => {
  /* mcp-migrate(session-state): keys on the Mcp-Session-Id request header, which 2026-07-28 requests do not carry (SEP-2567; 2025-era clients still send it): key this on the auth principal or an explicit handle argument */
  const sid = req.headers['mcp-session-id'] as string;
  const cart = carts.get(sid) ?? [];
  cart.push(String(req.body.item));
  carts.set(sid, cart);
  res.json({ items: cart.length });
});

// Only 2025-era clients open this stream; it serves their session.
app.get('/cart/stream', (req, res) => {
  const sid = req.headers['mcp-session-id'] as string;
  res.json({ items: carts.get(sid) ?? [] });
});

// Telemetry and rate limiting use the id when a client sends one, and fall back otherwise.
export function annotate(req: Request): void {
  currentSpan().setAttribute('mcp.session_present', String(Boolean(req.headers['mcp-session-id'])));
}

export const rateLimitKey = (req: Request): string => (req.headers['mcp-session-id'] as string | undefined) ?? req.ip ?? 'anonymous';

// A dispatcher's own handlers: the POST one keys a wish list for every client; the GET one
// only serves a 2025-era client's open stream (2026-07-28 clients never send GET).
const wishes = new Map<string, string[]>();

export function dispatchPost(req: Request): number {
  /* mcp-migrate(session-state): keys on the Mcp-Session-Id request header, which 2026-07-28 requests do not carry (SEP-2567; 2025-era clients still send it): key this on the auth principal or an explicit handle argument */
  const sid = req.headers['mcp-session-id'] as string;
  const list = wishes.get(sid) ?? [];
  list.push(String(req.body.item));
  wishes.set(sid, list);
  return list.length;
}

export function dispatchGet(req: Request): number {
  const sid = req.headers['mcp-session-id'] as string;
  return wishes.get(sid)?.length ?? 0;
}
