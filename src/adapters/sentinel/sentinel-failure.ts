import { ExternalServiceError, type ExternalFailure } from '../../app/support/external-service-error.ts';
import { entraFailure } from '../defender/entra-failure.ts';

/** The role an application needs on the data collection rule to send through it. */
const ROLE = 'Monitoring Metrics Publisher';

/** What a failed Logs Ingestion call told: HTTP status, Azure's error code and message, Retry-After. */
interface IngestionDetails {
  status?: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  aborted?: boolean;
}

/** Names of @azure/identity's errors: the SDK's bearer-token policy failed to get a token. */
const TOKEN_ERRORS = ['AuthenticationError', 'AuthenticationRequiredError', 'CredentialUnavailableError'];

/** The token error in `error`'s cause chain, if the upload failed for want of a token. */
function tokenErrorIn(error: unknown): unknown {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (TOKEN_ERRORS.includes(String((e as { name?: unknown }).name))) return e;
  }
  return undefined;
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
    aborted: e.name === 'AbortError' || e.name === 'TimeoutError',
  };
}

function failureOf(d: IngestionDetails): ExternalFailure {
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
  // No token: Entra's own reason (AADSTS code, first sentence) and the setting to fix, as for Defender.
  const tokenError = tokenErrorIn(error);
  if (tokenError) return entraFailure(tokenError, { scope: `${settings.audience}/.default`, setting: 'SENTINEL_AUDIENCE' });
  const d = detailsOf(error);
  const failure = failureOf(d);
  const where = `data collection rule ${settings.ruleId}, stream ${settings.streamName}`;
  const what: Record<ExternalFailure, string> = {
    unauthorized: `Azure Monitor refused the token (HTTP ${d.status})`,
    forbidden: `Azure Monitor refused the upload to ${where} (HTTP 403)`,
    rejected: `Azure Monitor rejected the upload to ${where} (HTTP ${d.status})`,
    throttled: 'Azure Monitor is throttling uploads (HTTP 429)',
    unavailable: d.status ? `Azure Monitor is unavailable (HTTP ${d.status})` : 'the data collection endpoint SENTINEL_DCE_ENDPOINT could not be reached',
    timeout: 'the upload to Azure Monitor timed out',
    invalid_response: 'Azure Monitor answered in an unexpected format',
  };
  const fix: Partial<Record<ExternalFailure, string>> = {
    unauthorized: 'check SENTINEL_AUDIENCE (the token is for Azure Monitor in your cloud)',
    forbidden: `grant Unblock's application (AZURE_CLIENT_ID, or the managed identity) the ${ROLE} role on that data collection rule (role assignments can take some minutes to apply)`,
    rejected: 'check SENTINEL_DCR_IMMUTABLE_ID and SENTINEL_STREAM_NAME, and that the stream declares the columns in the README',
  };
  return new ExternalServiceError({
    service: 'sentinel',
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
