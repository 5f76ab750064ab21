// JavaScript on purpose: openid-client is not a dependency of ours, so this fixture is not type-checked.
import * as client from 'openid-client';

export async function onCallback(config, currentUrl, codeVerifier, state) {
  // openid-client v6 validates the authorization response, `iss` included, inside the grant.
  const tokens = await client.authorizationCodeGrant(config, currentUrl, {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
  });
  return tokens.access_token;
}
