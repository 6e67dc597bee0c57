/**
 * What an allow indicator would cover. Only parseTarget creates these, so a Target always holds a
 * validated, lowercased, punycoded hostname or a public IP address.
 */
export type Target = HostTarget | IpTarget;

export interface HostTarget {
  readonly kind: 'host';
  /** Exact FQDN, lowercase ASCII (punycode), no trailing dot. */
  readonly host: string;
  /** The registrable domain the host belongs to (contoso.com for logistics.contoso.com). */
  readonly registrableDomain: string;
  /** True when host is the registrable domain itself: a DomainName indicator then allows every subdomain. */
  readonly coversSubdomains: boolean;
  /** True when the user typed a Unicode name; approvers see its punycode form. */
  readonly internationalized: boolean;
  /**
   * The reported URL when it had a path or query, in canonical form (canonical-value.ts: % escapes
   * in the path and query written one way). Shown to approvers, and the value of a Url indicator
   * when one picks "this path only"; otherwise the indicator is the host.
   */
  readonly url: string | null;
}

export interface IpTarget {
  readonly kind: 'ip';
  /** One public address in canonical form (canonical-value.ts): a dotted quad, or RFC 5952 IPv6 (`2620:1ec:bdf::40`). */
  readonly ip: string;
  readonly version: 4 | 6;
}

export type IndicatorType = 'DomainName' | 'IpAddress' | 'Url';

export interface IndicatorTarget {
  readonly type: IndicatorType;
  readonly value: string;
}

/** The narrowest Defender indicator for a target: the exact FQDN, or the single IP. */
export function indicatorTargetOf(target: Target): IndicatorTarget {
  return target.kind === 'host'
    ? { type: 'DomainName', value: target.host }
    : { type: 'IpAddress', value: target.ip };
}

/** The host or IP as people should read it. */
export function targetLabel(target: Target): string {
  return target.kind === 'host' ? target.host : target.ip;
}
