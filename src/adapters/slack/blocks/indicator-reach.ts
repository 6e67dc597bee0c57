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
