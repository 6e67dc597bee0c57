import { ExternalServiceError } from '../../app/support/external-service-error.ts';

/** "15,000 indicators per tenant. Increases to this limit are not supported." (indicators-overview; defender-api.md §5). */
export const TENANT_INDICATOR_LIMIT = 15_000;

/**
 * Defender's refusal of a new indicator because the tenant holds its limit, in plain words; any
 * other error is returned as it is. Defender answers 400 with the generic code `BadRequest` and
 * gives the reason only in `error.message` (defender-api.md §8 "Precision and forms": "the reason
 * (e.g. the 15,000-indicator tenant limit) is only in `message`"), so this is the one place a
 * vendor message is read: at the edge, for a 400 to a create, mentioning both a limit and
 * indicators. Defender's own words, code and reference stay in the message.
 */
export function withIndicatorLimitWording(error: unknown): unknown {
  if (!(error instanceof ExternalServiceError) || error.service !== 'defender' || error.status !== 400) return error;
  const reason = error.vendorMessage ?? '';
  if (!/\blimit\b/i.test(reason) || !/\bindicators?\b/i.test(reason)) return error;
  return new ExternalServiceError({
    service: 'defender',
    failure: 'rejected',
    status: 400,
    userMessage: `the tenant has reached its limit of ${TENANT_INDICATOR_LIMIT.toLocaleString('en-US')} indicators, so no new one can be created`,
    fix: 'delete indicators that are no longer needed (Defender portal → Settings → Endpoints → Indicators); Microsoft does not raise the limit',
    vendorCode: error.vendorCode,
    vendorMessage: error.vendorMessage,
    correlationId: error.correlationId,
    cause: error,
  });
}
