import { domainToUnicode } from 'node:url';
import type { AllowDuration } from '../../domain/request/allow-duration.ts';
import { canonicalHost } from '../../domain/target/canonical-value.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import { kqlString } from './kql.ts';

/** Most rows one hunting query returns (newest first). */
export const HUNTING_ROW_CAP = 500;

/** Network Protection block (event 1126), audit (1125), and Edge SmartScreen warnings. */
export const HUNTED_ACTION_TYPES = [
  'ExploitGuardNetworkProtectionBlocked',
  'ExploitGuardNetworkProtectionAudited',
  'SmartScreenUrlWarning',
] as const;

/** Joins each event's device group: the MachineGroup of the device's latest DeviceInfo row. */
export const DEVICE_GROUP_JOIN =
  '| join kind=leftouter (DeviceInfo | summarize arg_max(Timestamp, MachineGroup) by DeviceId | project DeviceId, MachineGroup) on DeviceId';

/**
 * The advanced hunting query for one target: DeviceEvents of the hunted action types whose
 * RemoteUrl host (or RemoteIP, for an IP) is exactly the target, over the lookback, newest first.
 * RemoteUrl may be a bare FQDN or a full URL, so it is normalised before parse_url. An IP is
 * compared as an address, never as text: the table writes IPv6 compressed (defender-api.md §8),
 * and `ipv6_compare` parses both sides, takes IPv4 too and equates an IPv4-mapped IPv6 address
 * with its IPv4 address (Kusto docs, ipv6_compare(): "ipv6_compare('::ffff:7f00:1', '127.0.0.1') == 0");
 * a RemoteIP that is no address compares as null, which no row passes.
 *
 * An internationalised host (a punycode `xn--` label) is compared in both its forms: `parse_url()`
 * returns the host as written, with no IDNA conversion (Kusto docs, parse_url(): the URL split into
 * Scheme, Host, Port, Path …), so a RemoteUrl written in Unicode (`https://bücher.contoso.com/`) has
 * a Unicode Host that the punycode target alone would never equal. The query then binds
 * `let targetUnicode = "…";` (node:url domainToUnicode, used only when it maps back to the same
 * host) and matches `UnblockHost in (target, targetUnicode)`; `in` is exact and case-sensitive,
 * like `==`, and both sides are lowercase.
 *
 * Each event carries its device's device group (`MachineGroup`), joined in the same query from the
 * latest DeviceInfo row of the device (defender-api.md "Device groups": `DeviceInfo | summarize
 * arg_max(Timestamp, MachineGroup) by DeviceId`). The join is `leftouter`, so an event whose device has
 * no DeviceInfo row is kept, with an empty MachineGroup (Kusto strings are never null: an unmatched
 * string column is ""). The inner query projects only DeviceId and MachineGroup, so the event's own
 * Timestamp is not shadowed by DeviceInfo's.
 *
 * Only the validated target value (and its Unicode form) enters the query, as escaped string
 * literals; the lookback enters as an integer number of hours. The first line is always
 * `let target = "…";`.
 *
 * `since` (a UTC instant, e.g. when an allow became active) keeps only rows stamped strictly after
 * it, inside the lookback: one `| where Timestamp > datetime(<ISO-8601 UTC>)` line. The literal is
 * the Date's own `toISOString()` (digits, `-`, `:`, `.`, `T`, `Z` only; Kusto's datetime() takes
 * ISO 8601, learn.microsoft.com/kusto/query/scalar-data-types/datetime), never user text; an
 * invalid Date throws a RangeError.
 */
export function buildHuntingQuery(target: IndicatorTarget, lookback: AllowDuration, since?: Date): string {
  const hours = Math.max(1, Math.ceil(lookback.ms / 3_600_000));
  const unicode = target.type === 'DomainName' ? unicodeForm(target.value) : null;
  const hostMatch = unicode === null ? '| where UnblockHost == target' : '| where UnblockHost in (target, targetUnicode)';
  const match =
    target.type === 'IpAddress'
      ? '| where ipv6_compare(RemoteIP, target) == 0'
      : [
          '| extend UnblockUrl = iff(RemoteUrl contains "://", RemoteUrl, strcat("https://", RemoteUrl))',
          '| extend UnblockHost = trim_end(@"\\.", tolower(tostring(parse_url(UnblockUrl).Host)))',
          hostMatch,
        ].join('\n');
  return [
    `let target = ${kqlString(target.value)};`,
    ...(unicode === null ? [] : [`let targetUnicode = ${kqlString(unicode)};`]),
    'DeviceEvents',
    `| where Timestamp > ago(${hours}h)`,
    ...(since === undefined ? [] : [`| where Timestamp > datetime(${since.toISOString()})`]),
    `| where ActionType in (${HUNTED_ACTION_TYPES.map((t) => kqlString(t)).join(', ')})`,
    match,
    DEVICE_GROUP_JOIN,
    '| project Timestamp, DeviceId, DeviceName, ActionType, RemoteUrl, RemoteIP, RemotePort, InitiatingProcessFileName, InitiatingProcessAccountName, AdditionalFields, MachineGroup',
    '| order by Timestamp desc',
    `| take ${HUNTING_ROW_CAP}`,
  ].join('\n');
}

/**
 * The lowercase Unicode form of a punycode host (`xn--bcher-kva.contoso.com` → `bücher.contoso.com`),
 * or null when the host has no `xn--` label or its Unicode form does not map back to it (an invalid
 * punycode label: comparing with the host alone is then all that can be trusted).
 */
function unicodeForm(host: string): string | null {
  if (!host.split('.').some((label) => label.startsWith('xn--'))) return null;
  const unicode = domainToUnicode(host).toLowerCase();
  return unicode !== '' && unicode !== host && canonicalHost(unicode) === host ? unicode : null;
}
