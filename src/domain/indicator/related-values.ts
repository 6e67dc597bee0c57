import { getDomain } from 'tldts';
import type { IndicatorTarget } from '../target/target.ts';

/** What to look up in Defender to find every indicator that bears on an allow for a target. */
export interface RelatedLookup {
  /**
   * The values whose indicators apply to the target, most specific first: the target's own value,
   * then (for a host) each parent domain up to the registrable domain. A DomainName indicator on a
   * domain "will match `example.com` as well as `sub.example.com` and `anything.sub.example.com`"
   * (indicators-overview; defender-api.md §5 "Domain matching includes subdomains").
   */
  readonly values: readonly string[];
  /** The host (or IP) a Url indicator must name to bear on the target (defender-api.md §8 remedy table: "a URL on the host"). */
  readonly urlHost: string;
}

/**
 * The values to look up for `target`. Parent domains stop at the registrable domain under the ICANN
 * section of the Public Suffix List only: Defender matches a domain indicator on labels, and knows
 * nothing of private suffixes such as `github.io`, so an org Block on `github.io` does block
 * `team.github.io`. A public suffix itself (`co.uk`) is never looked up. An IP has no parents.
 */
export function relatedLookup(target: IndicatorTarget): RelatedLookup {
  if (target.type !== 'DomainName') {
    const host = target.type === 'Url' ? (urlIndicatorHost(target.value) ?? target.value) : target.value;
    return { values: [target.value], urlHost: host };
  }
  const host = target.value;
  const registrable = getDomain(host, { allowPrivateDomains: false, extractHostname: false });
  const values = [host];
  if (registrable && registrable !== host && host.endsWith(`.${registrable}`)) {
    const labels = host.split('.');
    const depth = registrable.split('.').length;
    for (let keep = labels.length - 1; keep >= depth; keep--) values.push(labels.slice(labels.length - keep).join('.'));
  }
  return { values, urlHost: host };
}

/**
 * The host a Url indicator's value names, lowercase, without brackets or a trailing dot; null when
 * the value is not a URL. Defender's examples write Url values with a scheme; a value without one
 * is read as `http://` (the portal accepts `host/path`), so both forms match.
 */
export function urlIndicatorHost(value: string): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
    return host === '' ? null : host;
  } catch {
    return null;
  }
}
