import ipaddr from 'ipaddr.js';
import { defenderIpForm } from './defender-forms.ts';

// How the fake DeviceEvents table behaves like Defender's: the forms Defender writes, and the
// semantics of the few KQL comparisons Unblock's hunting query uses.

type Row = Record<string, unknown>;
type Comparison = (row: Row) => boolean;

/** A row the way Defender stores it: RemoteIP in Defender's form (IPv6 compressed, defender-forms.ts). */
export function writtenAsDefenderDoes(row: Row): Row {
  return typeof row.RemoteIP === 'string' ? { ...row, RemoteIP: defenderIpForm(row.RemoteIP) } : { ...row };
}

/** The values of the query's `| where ActionType in ("…", …)` line, or null when it has none. */
export function huntedActionTypes(query: string): string[] | null {
  const list = /^\| where ActionType in \((.*)\)$/m.exec(query)?.[1];
  if (list === undefined) return null;
  return [...list.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

/**
 * The row predicate of the query's `| where Timestamp > datetime(<ISO-8601>)` line, as Kusto
 * evaluates it: a strict `>` on instants at Kusto's 100-nanosecond tick precision (Kusto docs,
 * "The datetime data type": ticks of 100 ns), so a row stamped `…:50.7688641Z` is after
 * `datetime(…:50.768Z)`; a row whose Timestamp is no instant compares as null and is left out.
 * Every row passes when the query has no such line; null when it has one this fake cannot read
 * (the caller answers 400 then).
 */
export function sinceComparison(query: string): Comparison | null {
  const lines = [...query.matchAll(/^\| where Timestamp > datetime\(([^)]*)\)$/gm)];
  if (lines.length === 0) return /datetime\(/.test(query) ? null : () => true;
  const since = lines.length === 1 ? ticks(lines[0]![1]!) : null;
  if (since === null) return null;
  return (row) => {
    const at = ticks(row.Timestamp);
    return at !== null && at > since;
  };
}

/** 100 ns ticks since 1970 of an ISO-8601 UTC instant with up to 7 fractional digits, or null. */
function ticks(text: unknown): bigint | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$/.exec(text);
  if (!match) return null;
  const seconds = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(seconds)) return null;
  return BigInt(seconds) * 10_000n + BigInt((match[2] ?? '').padEnd(7, '0'));
}

/**
 * The row predicate of the query's comparison with its `let` values (`let target = "…";`, and
 * `let targetUnicode = "…";` for an internationalised host), evaluated as Kusto does, or null for a
 * comparison this fake does not know, or one naming a value the query never binds (the caller
 * answers 400 then).
 */
export function targetComparison(query: string): Comparison | null {
  const lets = letValues(query);
  const known = COMPARISONS.flatMap(([line, compare]) => {
    const match = line.exec(query);
    return match ? [compare(match, lets)] : [];
  });
  return known.length === 1 ? known[0]! : null;
}

/** The decoded values of the query's `let <name> = "…";` lines. */
export function letValues(query: string): ReadonlyMap<string, string> {
  const lets = new Map<string, string>();
  for (const [, name, literal] of query.matchAll(/^let ([A-Za-z_]\w*) = ("(?:[^"\\]|\\.)*");$/gm)) lets.set(name!, JSON.parse(literal!) as string);
  return lets;
}

type Lets = ReadonlyMap<string, string>;

/** `compare` with the query's value of `name`, or null (unknown comparison) when the query binds no such value. */
const bound = (lets: Lets, name: string, compare: (row: Row, value: string) => boolean): Comparison | null => {
  const value = lets.get(name);
  return value === undefined ? null : (row) => compare(row, value);
};

const COMPARISONS: Array<[RegExp, (match: RegExpExecArray, lets: Lets) => Comparison | null]> = [
  // `==` on strings is exact and case-sensitive (Kusto docs, "String operators"): an uncompressed
  // IPv6 target never equals the compressed RemoteIP Defender wrote.
  [/^\| where RemoteIP == (\w+)$/m, ([, name], lets) => bound(lets, name!, (row, target) => row.RemoteIP === target)],
  // ipv6_compare(): parses both sides as IPv6 or IPv4 ("IPv4 are compared as IPv6 addresses", so
  // '::ffff:7f00:1' equals '127.0.0.1'); null, and so no match, when either side is no address.
  [/^\| where ipv6_compare\(RemoteIP, (\w+)\) == 0$/m, ([, name], lets) => bound(lets, name!, (row, target) => sameIPv6(row.RemoteIP, target))],
  // ipv4_compare(): IPv4 strings only.
  [/^\| where ipv4_compare\(RemoteIP, (\w+)\) == 0$/m, ([, name], lets) => bound(lets, name!, (row, target) => sameIPv4(row.RemoteIP, target))],
  // The host of RemoteUrl, as the query's `extend UnblockUrl/UnblockHost` lines compute it.
  [/^\| where UnblockHost == (\w+)$/m, ([, name], lets) => bound(lets, name!, (row, target) => remoteHost(row.RemoteUrl) === target)],
  // `in (a, b)`: equal to one of the values, exact and case-sensitive like `==`
  // (learn.microsoft.com/kusto/query/in-operator). `in~` is not known here: Kusto's case-insensitive
  // operators only fold ASCII ("For non-ASCII comparison, use the tolower() function"), so a Unicode
  // host must be lowered first and compared exactly, as Unblock's query does.
  [
    /^\| where UnblockHost in \((\w+(?:, \w+)*)\)$/m,
    ([, names], lets) => {
      const values = names!.split(', ').flatMap((name) => lets.get(name) ?? []);
      if (values.length !== names!.split(', ').length) return null;
      return (row) => values.includes(remoteHost(row.RemoteUrl) ?? '');
    },
  ],
];

function asIPv6(text: unknown): ipaddr.IPv6 | null {
  if (typeof text !== 'string') return null;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text).toIPv4MappedAddress();
  return ipaddr.IPv6.isValid(text) && !text.includes('%') ? ipaddr.IPv6.parse(text) : null;
}

function sameIPv6(a: unknown, b: string): boolean {
  const [x, y] = [asIPv6(a), asIPv6(b)];
  return x !== null && y !== null && x.toNormalizedString() === y.toNormalizedString();
}

function sameIPv4(a: unknown, b: string): boolean {
  const valid = (v: unknown): v is string => typeof v === 'string' && ipaddr.IPv4.isValidFourPartDecimal(v);
  return valid(a) && valid(b) && ipaddr.IPv4.parse(a).toString() === ipaddr.IPv4.parse(b).toString();
}

/**
 * iff(RemoteUrl contains "://", RemoteUrl, strcat("https://", RemoteUrl)) → tolower(parse_url(…).Host),
 * trailing dots trimmed. Kusto's parse_url() splits the URL into its parts and returns the Host as
 * written (learn.microsoft.com/kusto/query/parse-url-function: "scheme://username:password@host:1234/…"
 * gives Host "host") and documents no IDNA conversion. So this fake splits the text the same way and
 * converts nothing, unlike WHATWG `new URL().hostname`, which punycodes Unicode: a RemoteUrl host
 * written `bücher.contoso.com` stays that, never `xn--bcher-kva.contoso.com`. tolower() lowercases
 * Unicode letters too (Kusto docs, tolower()).
 */
function remoteHost(remoteUrl: unknown): string | null {
  if (typeof remoteUrl !== 'string' || remoteUrl === '') return null;
  const url = remoteUrl.includes('://') ? remoteUrl : `https://${remoteUrl}`;
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1];
  if (authority === undefined) return null;
  const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
  return host.toLowerCase().replace(/\.+$/, '');
}

/**
 * A DeviceInfo row as Defender stores it, reduced to the columns the join reads (defender-api.md
 * "Device groups": `DeviceInfo.MachineGroup` holds the device group name, "Devices without a group
 * show `UnassignedGroup` or empty"). Defender writes a DeviceInfo row per device periodically and when
 * it changes, so a device has many; the latest wins.
 */
export interface DeviceInfoRow {
  readonly Timestamp: string;
  readonly DeviceId: string;
  readonly MachineGroup: string;
}

/** The exact join Unblock's query uses (hunting-query.ts DEVICE_GROUP_JOIN). */
const DEVICE_GROUP_JOIN =
  /^\| join kind=leftouter \(DeviceInfo \| summarize arg_max\(Timestamp, MachineGroup\) by DeviceId \| project DeviceId, MachineGroup\) on DeviceId$/m;

/**
 * When the query has the device-group join, a function that adds each event row's `MachineGroup`
 * the way Kusto evaluates it: `summarize arg_max(Timestamp, MachineGroup) by DeviceId` keeps each
 * device's latest DeviceInfo row, and `join kind=leftouter` keeps every event, an unmatched one with
 * an empty string (Kusto docs, "string data type": a string is never null, its empty value is "").
 * Null when the query has no such join: the rows then have no MachineGroup column at all.
 */
export function deviceGroupJoin(query: string, deviceInfo: readonly DeviceInfoRow[]): ((row: Row) => Row) | null {
  if (!DEVICE_GROUP_JOIN.test(query)) return null;
  const latest = new Map<string, DeviceInfoRow>();
  for (const info of deviceInfo) {
    const seen = latest.get(info.DeviceId);
    if (seen === undefined || Date.parse(info.Timestamp) > Date.parse(seen.Timestamp)) latest.set(info.DeviceId, info);
  }
  return (row) => ({ ...row, MachineGroup: latest.get(String(row.DeviceId))?.MachineGroup ?? '' });
}
