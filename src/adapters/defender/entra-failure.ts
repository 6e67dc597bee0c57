import { ExternalServiceError, type ExternalFailure } from '../../app/support/external-service-error.ts';

/** The setting a token's scope comes from, named when Entra refuses the scope. */
export type ScopeSetting = 'DEFENDER_API_SCOPE' | 'GRAPH_BASE_URL' | 'SENTINEL_AUDIENCE';

const CREDENTIAL = 'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH';

/**
 * What to fix, by the OAuth 2.0 `error` value of Entra's token error (RFC 6749 §5.2, which Entra
 * follows: https://learn.microsoft.com/entra/identity-platform/reference-error-codes). Behaviour
 * never depends on AADSTS numbers, which Entra says may change; they are only quoted to people.
 */
function fixFor(oauthError: string | undefined, setting: ScopeSetting): string {
  const scopeFix =
    setting === 'DEFENDER_API_SCOPE'
      ? 'check DEFENDER_API_SCOPE: client-credential scopes are the API followed by /.default, e.g. https://api.securitycenter.microsoft.com/.default'
      : setting === 'SENTINEL_AUDIENCE'
        ? 'check SENTINEL_AUDIENCE: its token scope is <SENTINEL_AUDIENCE>/.default, Azure Monitor in your cloud, e.g. https://monitor.azure.com'
        : 'check GRAPH_BASE_URL: its token scope is <GRAPH_BASE_URL>/.default, so it must be the Graph host itself, e.g. https://graph.microsoft.com';
  switch (oauthError) {
    case 'invalid_scope':
      return scopeFix;
    case 'invalid_resource':
      return `${scopeFix}, and that the API is present in tenant AZURE_TENANT_ID`;
    case 'invalid_client':
      return `check ${CREDENTIAL} (wrong or expired) and AZURE_CLIENT_ID`;
    case 'unauthorized_client':
      return 'check AZURE_CLIENT_ID: the app registration must exist in tenant AZURE_TENANT_ID';
    default:
      return `check AZURE_TENANT_ID, AZURE_CLIENT_ID and ${CREDENTIAL}`;
  }
}

/** What the credential libraries tell about a token failure, from the error and its causes. */
interface EntraDetails {
  /** HTTP status of the token endpoint's answer (MSAL `status`, @azure/identity `statusCode`). */
  status?: number;
  /** OAuth `error` (MSAL `errorCode`, @azure/identity `errorResponse.error`), e.g. `invalid_scope`. */
  oauthError?: string;
  /** Entra's `error_description` (MSAL wraps it as "… - Description: AADSTS…: … - …"). */
  description?: string;
  /** MSAL's correlation id for the request, which Entra's sign-in logs show. */
  correlationId?: string;
}

function detailsOf(error: unknown): EntraDetails {
  const found: EntraDetails = {};
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const r = e as Record<string, unknown> & { errorResponse?: Record<string, unknown> };
    const status = typeof r.status === 'number' ? r.status : typeof r.statusCode === 'number' ? r.statusCode : undefined;
    found.status ??= status;
    found.oauthError ??= str(r.errorCode) ?? str(r.errorResponse?.error);
    found.description ??= str(r.errorMessage) ?? str(r.errorResponse?.errorDescription);
    found.correlationId ??= str(r.correlationId) ?? str(r.errorResponse?.correlationId);
  }
  if (found.description === undefined && error instanceof Error) found.description = error.message;
  return found;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * Entra's reason, short: the AADSTS code with its first sentence ("AADSTS7000215: Invalid client
 * secret provided."), else the first sentence of the description. Entra's descriptions name the
 * scope, tenant or app, never the secret; the trace lines and headers after them are left out.
 */
export function entraReason(description: string | undefined): string | undefined {
  if (description === undefined) return undefined;
  const aadsts = /AADSTS(\d+):\s*([\s\S]*?[.!?])(?=\s|$)/.exec(description);
  if (aadsts) return `AADSTS${aadsts[1]}: ${aadsts[2]}`;
  const text = /Description:\s*([\s\S]*)/.exec(description)?.[1] ?? description;
  return /^[^\r\n]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim().split(/\r?\n/)[0];
}

function failureOf(status: number | undefined, hasOauthError: boolean): ExternalFailure {
  if (status === 429) return 'throttled';
  if (status === 408 || status === 504) return 'timeout';
  if (status !== undefined && status >= 500) return 'unavailable';
  if ((status !== undefined && status >= 400) || hasOauthError) return 'unauthorized';
  return 'unavailable';
}

/**
 * Translates a failed `getToken` into an ExternalServiceError that keeps Entra's own reason (the
 * AADSTS code and its first sentence) and names the setting to fix: the scope's setting for a
 * refused scope, AZURE_CLIENT_ID / AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH /
 * AZURE_TENANT_ID for a refused client. Entra answering 4xx is `unauthorized` (not retryable);
 * 5xx, 429 and unreachable sign-in endpoints stay retryable.
 */
export function entraFailure(error: unknown, token: { scope: string; setting: ScopeSetting }): ExternalServiceError {
  const d = detailsOf(error);
  const failure = failureOf(d.status, d.oauthError !== undefined);
  const unreachable = failure === 'unavailable' && d.status === undefined;
  const what: Record<ExternalFailure, string> = {
    unauthorized: `Entra ID refused a token for ${token.scope}${d.status ? ` (HTTP ${d.status})` : ''}`,
    throttled: 'Entra ID is throttling token requests',
    timeout: 'Entra ID timed out issuing a token',
    unavailable: unreachable ? `Entra ID could not issue a token for ${token.scope}` : `Entra ID is unavailable (HTTP ${d.status})`,
    forbidden: `Entra ID refused a token for ${token.scope}`,
    rejected: `Entra ID refused a token for ${token.scope}`,
    invalid_response: 'Entra ID answered in an unexpected format',
  };
  return new ExternalServiceError({
    service: 'entra',
    failure,
    status: d.status,
    userMessage: what[failure],
    vendorCode: d.oauthError,
    vendorMessage: entraReason(d.description),
    correlationId: d.correlationId,
    fix:
      failure === 'unauthorized'
        ? fixFor(d.oauthError, token.setting)
        : unreachable
          ? `check AZURE_AUTHORITY_HOST, AZURE_TENANT_ID and the network (without ${CREDENTIAL}, a managed identity must be available)`
          : undefined,
    cause: error,
  });
}
