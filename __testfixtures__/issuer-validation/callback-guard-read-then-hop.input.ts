/**
 * Real callbacks often test for the code before they use it, and Workers route by comparing
 * the pathname: the marker goes at the hop that hands the code on, not at the guard, and a
 * `pathname === '/callback'` branch counts as a callback even without a `state` read there.
 */
import { Hono } from 'hono';

declare function redeemUpstream(input: { code: string | undefined; verifier: string }): Promise<Response>;
declare function loadVerifier(request: Request): Promise<string>;

export const callback = new Hono().get('/', async (c) => {
  if (!c.req.query('state')) return c.text('Invalid state', 400);
  if (!c.req.query('code')) {
    return c.text('The authorization callback did not include a code.', 400);
  }
  const verifier = await loadVerifier(c.req.raw);
  return redeemUpstream({ code: c.req.query('code'), verifier });
});

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname, searchParams } = new URL(request.url);
    if (request.method === 'GET' && pathname === '/callback') {
      const verifier = await loadVerifier(request);
      return redeemUpstream({ code: searchParams.get('code') ?? undefined, verifier });
    }
    if (pathname === '/promo') {
      // A promo code in a query string is no authorization response.
      return new Response(`promo ${searchParams.get('code') ?? 'none'}`);
    }
    return new Response('Not found', { status: 404 });
  },
};
