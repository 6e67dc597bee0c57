import type { IndicatorTarget } from '../../../domain/target/target.ts';
import { code } from '../mrkdwn.ts';

/**
 * How far an allow indicator for `target` reaches, as mrkdwn for approvers (the value in a code
 * span): a `DomainName` indicator also covers the host's subdomains, as Defender documents
 * (learn.microsoft.com/defender-endpoint/indicator-ip-domain; README "Security model"); an
 * `IpAddress` indicator covers that one address and a `Url` indicator that URL, nothing more.
 */
export function indicatorReach(target: IndicatorTarget): string {
  return target.type === 'DomainName' ? `${code(target.value)} and its subdomains` : `${code(target.value)} only`;
}

/** Why a URL indicator is narrower but not always enough; shown whenever one is offered or approved. */
export const URL_INDICATOR_ADVICE =
  'Full-path URL indicators are enforced only in Microsoft Edge: other browsers and apps go by the host, ' +
  'so for them the portal may stay blocked.';
