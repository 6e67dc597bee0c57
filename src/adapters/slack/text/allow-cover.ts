import type { RequestView } from '../../../app/ports/request-view.ts';
import { decidedTarget } from '../../../domain/request/request.ts';
import { indicatorReach, URL_INDICATOR_ADVICE } from './indicator-reach.ts';

/**
 * The approval message's field on what the allow covers: the host and its subdomains or the one IP
 * ("*Allow would cover*"), or, once the approvers chose it, one URL ("*Allow covers*", with where a
 * URL indicator is enforced).
 */
export function allowCoverText(view: RequestView): string {
  const target = decidedTarget(view.request, view.decision);
  if (target.type === 'Url') return `*Allow covers*\n${indicatorReach(target)} (Url indicator). ${URL_INDICATOR_ADVICE}`;
  return `*Allow would cover*\n${indicatorReach(target)} (${target.type})`;
}
