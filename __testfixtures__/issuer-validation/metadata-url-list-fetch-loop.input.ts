/**
 * Discovery that builds the list of candidate metadata URLs (RFC 8414 and OpenID spellings)
 * in one function and fetches them in a loop in another: the RFC 8414 §3.3 check belongs at
 * the fetch, not at the list builder (and not at its fallback return).
 */
interface Endpoints { authorize: string; token: string }

export function candidateMetadataUrls(issuer: string): string[] {
  const trimmed = issuer.replace(/\/$/, '');
  let origin: string;
  let path: string;
  try {
    const u = new URL(trimmed);
    origin = u.origin;
    path = u.pathname === '/' ? '' : u.pathname;
  } catch {
    return [`${trimmed}/.well-known/openid-configuration`];
  }
  const urls = [
    `${origin}/.well-known/oauth-authorization-server${path}`,
    `${origin}/.well-known/openid-configuration${path}`,
    `${trimmed}/.well-known/openid-configuration`,
  ];
  return [...new Set(urls)];
}

export async function discoverEndpoints(issuer: string): Promise<Endpoints> {
  for (const candidate of candidateMetadataUrls(issuer)) {
    const res = await fetch(candidate);
    if (!res.ok) continue;
    const meta = (await res.json()) as Record<string, string>;
    return { authorize: meta.authorization_endpoint, token: meta.token_endpoint };
  }
  throw new Error(`no authorization server metadata for ${issuer}`);
}
