/**
 * A Next.js-style callback route that first copies the redirect's params into a record, checks
 * it, looks the pending login up by state, and only then hands `record.code` to the client
 * wrapper. The hop is that call: it gets the one marker, naming the wrapper.
 */
interface PendingLogin { serverId: string }
interface McpClientWrapper { finishLogin(code: string, state: string): Promise<void> }

declare function pendingByState(state: string): Promise<PendingLogin | undefined>;
declare function clientFor(serverId: string): McpClientWrapper | undefined;

export async function GET(request: Request): Promise<Response> {
  const { searchParams } = new URL(request.url);
  const received = {
    code: searchParams.get('code') ?? undefined,
    state: searchParams.get('state') ?? undefined,
    error: searchParams.get('error') ?? undefined,
  };
  if (received.error) return new Response('Sign-in failed', { status: 400 });
  if (!received.code || !received.state) return new Response('Missing code or state', { status: 400 });

  const pending = await pendingByState(received.state);
  if (!pending) return new Response('Unknown or expired sign-in', { status: 400 });

  /* mcp-migrate(issuer-validation): this hands the authorization `code` from the redirect to clientFor(…).finishLogin() without `iss`: read searchParams.get('iss') here and pass it along (or check it here against the issuer this flow was started with); before the code is redeemed, reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  await clientFor(pending.serverId)?.finishLogin(received.code, received.state);
  return new Response('Signed in; you can close this window.');
}
