import { entraReason } from '../adapters/defender/entra-failure.ts';
import type { Config } from '../config.ts';

/** The public cloud's sign-in host, @azure/identity's default authority host. */
const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/**
 * Entra's own reason for refusing a tenant, when MSAL only says `endpoints_resolution_error`: MSAL
 * reads the tenant's OpenID configuration before asking for a token (for authority hosts it has no
 * built-in metadata for) and, when Entra refuses it, drops Entra's answer (msal-common
 * `Authority.getEndpointMetadataFromNetwork` returns null on any failure). The doctor reads the
 * same public document, `<authority host>/<tenant>/v2.0/.well-known/openid-configuration`
 * (Microsoft identity platform, "OpenID Connect on the Microsoft identity platform": "Fetch the
 * OpenID configuration document"), to quote Entra: an unknown tenant answers 400 `invalid_tenant`,
 * "AADSTS90002: Tenant '…' not found." Returns that reason, or undefined when the document loads
 * or says nothing readable. The request carries no credential.
 */
export async function tenantDiscoveryReason(azure: Config['azure']): Promise<string | undefined> {
  if (azure.credential.kind === 'managed-identity') return undefined;
  const host = (azure.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
  const url = `${host}/${encodeURIComponent(azure.credential.tenantId)}/v2.0/.well-known/openid-configuration`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (response.ok) return undefined;
    const body = (await response.json().catch(() => undefined)) as { error_description?: unknown } | undefined;
    return typeof body?.error_description === 'string' ? entraReason(body.error_description) : `HTTP ${response.status}`;
  } catch {
    return undefined;
  }
}
