import { isOwnIndicator } from '../domain/indicator/allow-indicator-text.ts';
import type { ExistingIndicator } from '../domain/indicator/existing-indicator.ts';
import { decidedTarget } from '../domain/request/request.ts';
import type { IndicatorGateway, RequestView } from './ports.ts';

/**
 * Every indicator Defender holds for the request's decided value that Unblock wrote for this
 * request: the recorded one, and any other titled `Unblock #<n>: …` (an attempt whose answer was
 * lost, a write that lost a race to a revoke). Unblock finds its own writes this way even when it
 * could not record them, so none outlives the request. Throws ExternalServiceError.
 */
export async function findOwnIndicators(indicators: IndicatorGateway, view: RequestView): Promise<ExistingIndicator[]> {
  const recorded = view.indicator && !view.indicator.reusedExisting ? view.indicator.defenderId : null;
  const value = view.indicator?.target.value ?? decidedTarget(view.request, view.decision).value;
  return (await indicators.findByValue(value)).filter((i) => i.id === recorded || isOwnIndicator(i, view.request.number));
}
