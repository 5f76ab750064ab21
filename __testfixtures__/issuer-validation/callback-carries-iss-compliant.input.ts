/** A popup callback page that already carries `iss` with the code: compliant, unchanged. */
export function onAuthorizationRedirect(): void {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const state = params.get('state');
  const iss = params.get('iss');
  window.opener?.postMessage({ type: 'oauth-callback', code, state, iss }, window.location.origin);
}
