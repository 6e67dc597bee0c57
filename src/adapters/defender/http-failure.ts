import { ExternalServiceError, type ExternalFailure } from '../../app/support/external-service-error.ts';

/** The two HTTP APIs this module translates failures of. */
export type HttpService = 'graph' | 'defender';

/** What an operator changes when an API refuses our token (401), our permission (403) or the address (404). */
const FIX: Readonly<Record<HttpService, { unauthorized: string; forbidden: string; notFound: string }>> = {
  defender: {
    unauthorized:
      'check that DEFENDER_API_SCOPE names the Defender for Endpoint API (https://api.securitycenter.microsoft.com/.default) and AZURE_TENANT_ID the tenant Defender runs in',
    forbidden: 'the app registration needs the WindowsDefenderATP application permission Ti.ReadWrite, admin-consented',
    notFound: 'check DEFENDER_API_URL',
  },
  graph: {
    unauthorized: 'check that GRAPH_BASE_URL is the Microsoft Graph host of your cloud (its token scope is <GRAPH_BASE_URL>/.default) and AZURE_TENANT_ID your tenant',
    forbidden: 'the app registration needs the Microsoft Graph application permission ThreatHunting.Read.All, admin-consented',
    notFound: 'check GRAPH_BASE_URL',
  },
};

/** The failure kind of an HTTP status; 0 or less means no answer arrived. */
export function failureOfStatus(status: number): ExternalFailure {
  if (status <= 0) return 'unavailable';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'throttled';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}

/**
 * Translates an HTTP failure from Graph or Defender into an ExternalServiceError. It keeps the
 * vendor's own reason (`error.message` of the documented error body
 * `{"error":{"code","message","target"|"innerError"}}`), code and correlation id, clipped and
 * cleaned by ExternalServiceError, and names the setting or permission to fix for 401, 403 and 404.
 * Sources: Defender "common errors" (https://learn.microsoft.com/en-us/defender-endpoint/api/common-errors),
 * Graph errors (https://learn.microsoft.com/graph/errors); defender-api.md §3 and §8.
 *
 * @param input.status the HTTP status; 0 when no answer arrived.
 * @param input.vendorMessage the body's `error.message`, raw.
 * @param input.vendorCode the body's `error.code`, raw.
 * @param input.correlationId Defender's `error.target` or Graph's `innerError.request-id`.
 * @param input.retryAfterSeconds from the Retry-After header (see retryAfterSeconds).
 */
export function httpFailure(input: {
  service: HttpService;
  status: number;
  vendorCode?: string | undefined;
  vendorMessage?: string | undefined;
  correlationId?: string | undefined;
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}): ExternalServiceError {
  const { status } = input;
  const failure = failureOfStatus(status);
  const name = input.service === 'graph' ? 'Microsoft Graph' : 'Defender';
  const fix = FIX[input.service];
  const what: Record<ExternalFailure, string> = {
    unauthorized: `${name} did not accept the bot's token (HTTP 401)`,
    forbidden: `${name} refused the request (HTTP 403)`,
    throttled: `${name} is throttling requests${input.retryAfterSeconds ? ` (retry after ${input.retryAfterSeconds}s)` : ''}`,
    timeout: `${name} timed out`,
    unavailable: status > 0 ? `${name} is unavailable (HTTP ${status})` : `${name} could not be reached`,
    rejected: `${name} rejected the request (HTTP ${status})`,
    invalid_response: `${name} answered in an unexpected format`,
  };
  return new ExternalServiceError({
    service: input.service,
    failure,
    status: status > 0 ? status : undefined,
    retryAfterSeconds: input.retryAfterSeconds,
    userMessage: what[failure],
    fix: failure === 'unauthorized' ? fix.unauthorized : failure === 'forbidden' ? fix.forbidden : status === 404 ? fix.notFound : undefined,
    vendorCode: input.vendorCode,
    vendorMessage: input.vendorMessage,
    correlationId: input.correlationId,
    cause: input.cause,
  });
}

/** Retry-After in seconds (delta-seconds or an HTTP date), if present and sane. */
export function retryAfterSeconds(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}
