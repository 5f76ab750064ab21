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
  window.opener?.postMessage({ type: 'oauth-callback', code, state }, window.location.origin);
  window.close();
}
