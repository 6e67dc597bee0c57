import { isOwnIndicator } from '../../domain/indicator/allow-indicator-text.ts';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import { decidedTarget } from '../../domain/request/request.ts';
import type { IndicatorGateway } from '../ports/defender.ts';
import type { RequestView } from '../ports/request-view.ts';

/**
 * What Defender holds for the request's decided value, and which of it are allows Unblock wrote for
 * this request: the recorded one, and any other it wrote but could not record (an attempt whose
 * answer was lost, a write that lost a race to a revoke), known by its title and the request id in
 * its description (isOwnIndicator). Only indicators that are still `Allowed` count as its own: one
 * someone turned into a Block or Warn is theirs now and is never deleted. Throws ExternalServiceError.
 */
export async function lookUpOwnIndicators(indicators: IndicatorGateway, view: RequestView): Promise<{ readonly all: ExistingIndicator[]; readonly own: ExistingIndicator[] }> {
  const recorded = view.indicator && !view.indicator.reusedExisting ? view.indicator.defenderId : null;
  const value = view.indicator?.target.value ?? decidedTarget(view.request, view.decision).value;
  const all = await indicators.findByValue(value);
  return { all, own: all.filter((i) => i.action === 'Allowed' && (i.id === recorded || isOwnIndicator(i, view.request))) };
}

/** The allows Unblock wrote for this request that Defender still holds (see lookUpOwnIndicators). */
export async function findOwnIndicators(indicators: IndicatorGateway, view: RequestView): Promise<ExistingIndicator[]> {
  return (await lookUpOwnIndicators(indicators, view)).own;
}
