import { ExternalServiceError, type ExternalFailure, type ExternalService } from '../../app/external-service-error.ts';

/**
 * Translates an HTTP failure from Graph or Defender into an ExternalServiceError whose message
 * says what an operator can do about it. Vendor bodies are not copied in: only their error code and
 * correlation id, which are safe and useful to quote.
 */
export function httpFailure(input: {
  service: ExternalService;
  status: number;
  vendorCode?: string | undefined;
  correlationId?: string | undefined;
  retryAfterSeconds?: number | undefined;
  permissionHint: string;
  cause?: unknown;
}): ExternalServiceError {
  const { status } = input;
  const failure: ExternalFailure =
    status === 401 ? 'unauthorized'
    : status === 403 ? 'forbidden'
    : status === 429 ? 'throttled'
    : status === 408 || status === 504 ? 'timeout'
    : status >= 500 || status <= 0 ? 'unavailable'
    : 'rejected';
  const name = input.service === 'graph' ? 'Microsoft Graph' : 'Defender';
  const what: Record<ExternalFailure, string> = {
    unauthorized: `${name} did not accept the bot's token`,
    forbidden: `${name} refused: ${input.permissionHint}`,
    throttled: `${name} is throttling requests${input.retryAfterSeconds ? ` (retry after ${input.retryAfterSeconds}s)` : ''}`,
    timeout: `${name} timed out`,
    unavailable: status > 0 ? `${name} is unavailable (HTTP ${status})` : `${name} could not be reached`,
    rejected: `${name} rejected the request (HTTP ${status})`,
    invalid_response: `${name} answered in an unexpected format`,
  };
  const details = [input.vendorCode, input.correlationId && `ref ${input.correlationId}`].filter(Boolean).join(', ');
  return new ExternalServiceError({
    service: input.service,
    failure,
    status: status > 0 ? status : undefined,
    retryAfterSeconds: input.retryAfterSeconds,
    userMessage: details ? `${what[failure]} [${details}]` : what[failure],
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
