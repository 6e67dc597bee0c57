import { ExternalServiceError, type ExternalFailure } from '../../app/support/external-service-error.ts';

/** The role an application needs on the data collection rule to send through it. */
const ROLE = 'Monitoring Metrics Publisher';

/** What a failed Logs Ingestion call told: HTTP status, Azure's error code and message, Retry-After. */
interface IngestionDetails {
  status?: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  /** The token request failed (@azure/identity), not the upload. */
  token?: boolean;
  aborted?: boolean;
}

function detailsOf(error: unknown): IngestionDetails {
  const e = (error ?? {}) as {
    name?: unknown;
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { headers?: { get?: (name: string) => string | undefined } };
  };
  const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
  return {
    status: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    code: typeof e.code === 'string' ? e.code : undefined,
    message: typeof e.message === 'string' ? e.message : undefined,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    token: e.name === 'AuthenticationError' || e.name === 'CredentialUnavailableError',
    aborted: e.name === 'AbortError',
  };
}

function failureOf(d: IngestionDetails): ExternalFailure {
  if (d.token) return d.status !== undefined && d.status >= 500 ? 'unavailable' : 'unauthorized';
  if (d.aborted || d.status === 408 || d.status === 504) return 'timeout';
  if (d.status === 429) return 'throttled';
  if (d.status === 401) return 'unauthorized';
  if (d.status === 403) return 'forbidden';
  if (d.status !== undefined && d.status >= 500) return 'unavailable';
  if (d.status !== undefined && d.status >= 400) return 'rejected';
  return 'unavailable';
}

/**
 * Translates a failed upload into an ExternalServiceError that keeps Azure's own message and names
 * the fix. 403 is the usual first-day failure: the application lacks the Monitoring Metrics
 * Publisher role on the data collection rule (Azure answers `OperationFailed`, "The authentication
 * token provided does not have access to ingest data for the data collection rule …": the SDK's
 * TROUBLESHOOTING.md, azure-sdk-for-js sdk/monitor/monitor-ingestion). 429 and 5xx, timeouts and
 * unreachable endpoints stay retryable, with Azure's Retry-After when it gave one.
 */
export function sentinelFailure(error: unknown, settings: { endpoint: string; ruleId: string; streamName: string; audience: string }): ExternalServiceError {
  const d = detailsOf(error);
  const failure = failureOf(d);
  const where = `data collection rule ${settings.ruleId}, stream ${settings.streamName}`;
  const what: Record<ExternalFailure, string> = {
    unauthorized: d.token ? `Entra ID did not issue a token for ${settings.audience}/.default` : `Azure Monitor refused the token (HTTP ${d.status})`,
    forbidden: `Azure Monitor refused the upload to ${where} (HTTP 403)`,
    rejected: `Azure Monitor rejected the upload to ${where} (HTTP ${d.status})`,
    throttled: 'Azure Monitor is throttling uploads (HTTP 429)',
    unavailable: d.status ? `Azure Monitor is unavailable (HTTP ${d.status})` : 'the data collection endpoint SENTINEL_DCE_ENDPOINT could not be reached',
    timeout: 'the upload to Azure Monitor timed out',
    invalid_response: 'Azure Monitor answered in an unexpected format',
  };
  const fix: Partial<Record<ExternalFailure, string>> = {
    unauthorized: d.token ? 'check AZURE_TENANT_ID, AZURE_CLIENT_ID and the credential' : 'check SENTINEL_AUDIENCE (the token is for Azure Monitor in your cloud)',
    forbidden: `grant Unblock's application (AZURE_CLIENT_ID, or the managed identity) the ${ROLE} role on that data collection rule (role assignments can take some minutes to apply)`,
    rejected: 'check SENTINEL_DCR_IMMUTABLE_ID and SENTINEL_STREAM_NAME, and that the stream declares the columns in the README',
  };
  return new ExternalServiceError({
    service: d.token ? 'entra' : 'sentinel',
    failure,
    status: d.status,
    retryAfterSeconds: d.retryAfterSeconds,
    userMessage: what[failure],
    vendorCode: d.code,
    vendorMessage: d.message,
    fix: fix[failure],
    cause: error,
  });
}
