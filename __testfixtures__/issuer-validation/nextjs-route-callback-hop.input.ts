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
  await completeAuthorization(flow, code);
  return Response.redirect(new URL('/connected', request.url));
}
