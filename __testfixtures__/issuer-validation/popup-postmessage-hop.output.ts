/**
 * The popup's callback page: it reads the redirect and posts the code to the window that
 * opened it, which redeems it.
 */
export function onAuthorizationRedirect(): void {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const state = params.get('state');
  if (!code || !state) {
    document.body.textContent = 'Sign-in failed';
    return;
  }
  /* mcp-migrate(issuer-validation): this callback posts the authorization `code` to another window without `iss`: add params.get('iss') to the message, and in the receiver, before the code is redeemed, reject when it differs from the issuer recorded before the redirect (exact match) or is missing while that authorization server advertises authorization_response_iss_parameter_supported (RFC 9207, SEP-2468) */
  window.opener?.postMessage({ type: 'oauth-callback', code, state }, window.location.origin);
  window.close();
}
