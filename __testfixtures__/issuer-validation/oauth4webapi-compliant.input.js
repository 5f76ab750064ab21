// JavaScript on purpose: oauth4webapi is not a dependency of ours, so this fixture is not type-checked.
import * as oauth from 'oauth4webapi';

export async function onCallback(as, client, currentUrl, expectedState, codeVerifier, redirectUri) {
  // validateAuthResponse checks `iss` against as.issuer (RFC 9207) before anything else.
  const params = oauth.validateAuthResponse(as, client, currentUrl, expectedState);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, codeVerifier);
  return oauth.processAuthorizationCodeResponse(as, client, response);
}
