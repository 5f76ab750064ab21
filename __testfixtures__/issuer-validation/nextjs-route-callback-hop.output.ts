/**
 * A Next.js route handler (app/api/oauth/callback/route.ts) for an MCP client: it parses
 * the redirect, finds the pending flow by `state`, and hands the code to the client module.
 */
type NextRequest = Request & { nextUrl: URL };

interface PendingFlow {
  serverUrl: string;
}

declare const flows: { byState(state: string): Promise<PendingFlow | undefined> };
declare function completeAuthorization(flow: PendingFlow, code: string): Promise<void>;

export async function GET(request: NextRequest): Promise<Response> {
  const searchParams = request.nextUrl.searchParams;
  const code = searchParams.get('code');
  const state = searchParams.get('state');
  if (!code || !state) {
    return new Response('Missing code or state', { status: 400 });
  }
  const flow = await flows.byState(state);
  if (!flow) {
    return new Response('Unknown or expired authorization request', { status: 400 });
  }
  /* mcp-migrate(issuer-validation): this hands the authorization `code` from the redirect to completeAuthorization() without `iss`: read searchParams.get('iss') here and pass it along (or check it here against the issuer this flow was started with); before the code is redeemed, reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  await completeAuthorization(flow, code);
  return Response.redirect(new URL('/connected', request.url));
}
