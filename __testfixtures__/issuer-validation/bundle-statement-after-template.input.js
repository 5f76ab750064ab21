/* Bundled output (one long line per module, multi-line template literals): a statement can start on a line whose beginning lies inside a template literal, and two statements can share a line. */
async function getJson(u){const r=await fetch(u,{method:`GET`});return r.json()}const checks=[{id:`as-metadata`,description:`Checks the authorization server metadata.

**Requirements**:
- The \`issuer\` value MUST match the URI the metadata was fetched from`,async run(issuer){const url=`${issuer}/.well-known/oauth-authorization-server`;const metadata=await getJson(url);return metadata.token_endpoint}},{id:`as-metadata-again`,async run(issuer){let n=0;const url=`${issuer}/.well-known/openid-configuration`;const metadata=await getJson(url);n++;return metadata.jwks_uri}}];export{checks};
