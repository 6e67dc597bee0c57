/**
 * The claims of an Entra access token the doctor reads, from its payload. Entra's access tokens
 * are JWTs: header, payload and signature, each base64url, joined by dots (Microsoft identity
 * platform, "Access token claims reference"). The doctor only reads the payload of a token it just
 * received from Entra over TLS and never verifies the signature: the token is not trusted for
 * anything, only described, and the same page tells clients not to validate tokens meant for an
 * API. App-only tokens carry the granted application permissions in `roles`, the tenant in `tid`,
 * the resource in `aud`, and the client in `appid` (v1.0) or `azp` (v2.0).
 */
export interface TokenClaims {
  readonly audience: string | undefined;
  readonly tenantId: string | undefined;
  readonly appId: string | undefined;
  readonly roles: readonly string[];
}

/** The claims of a JWT-shaped token, or undefined when it is not one (opaque, encrypted or damaged). */
export function readTokenClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    audience: text(p.aud),
    tenantId: text(p.tid),
    appId: text(p.appid) ?? text(p.azp),
    roles: Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : [],
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether the token's tenant contradicts AZURE_TENANT_ID: only when both are tenant ids (GUIDs)
 * and differ. AZURE_TENANT_ID may also be a domain name (contoso.onmicrosoft.com), which a `tid`
 * (always the GUID) cannot be compared with; unset, nothing is contradicted (managed identity).
 */
export function tenantMismatch(configured: string | undefined, tid: string | undefined): boolean {
  return configured !== undefined && tid !== undefined && GUID.test(configured) && GUID.test(tid) && configured.toLowerCase() !== tid.toLowerCase();
}

/**
 * The application permissions an API needs, any one of which will do, judged against a token's
 * `roles`: the first of `anyOf` the token carries, or undefined when it carries none of them.
 */
export function grantedRole(roles: readonly string[], anyOf: readonly string[]): string | undefined {
  return anyOf.find((role) => roles.includes(role));
}
