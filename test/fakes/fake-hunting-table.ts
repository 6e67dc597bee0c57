import ipaddr from 'ipaddr.js';
import { defenderIpForm } from './defender-forms.ts';

// How the fake DeviceEvents table behaves like Defender's: the forms Defender writes, and the
// semantics of the few KQL comparisons Unblock's hunting query uses.

type Row = Record<string, unknown>;
type Comparison = (row: Row, target: string) => boolean;

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
 * The row predicate of the query's comparison with `target`, evaluated as Kusto does, or null for
 * a comparison this fake does not know (the caller answers 400 then).
 */
export function targetComparison(query: string): Comparison | null {
  const known = COMPARISONS.filter(([line]) => line.test(query));
  return known.length === 1 ? known[0]![1] : null;
}

const COMPARISONS: Array<[RegExp, Comparison]> = [
  // `==` on strings is exact and case-sensitive (Kusto docs, "String operators"): an uncompressed
  // IPv6 target never equals the compressed RemoteIP Defender wrote.
  [/^\| where RemoteIP == target$/m, (row, target) => row.RemoteIP === target],
  // ipv6_compare(): parses both sides as IPv6 or IPv4 ("IPv4 are compared as IPv6 addresses", so
  // '::ffff:7f00:1' equals '127.0.0.1'); null, and so no match, when either side is no address.
  [/^\| where ipv6_compare\(RemoteIP, target\) == 0$/m, (row, target) => sameIPv6(row.RemoteIP, target)],
  // ipv4_compare(): IPv4 strings only.
  [/^\| where ipv4_compare\(RemoteIP, target\) == 0$/m, (row, target) => sameIPv4(row.RemoteIP, target)],
  // The host of RemoteUrl, as the query's `extend UnblockUrl/UnblockHost` lines compute it.
  [/^\| where UnblockHost == target$/m, (row, target) => remoteHost(row.RemoteUrl) === target],
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

/** iff(RemoteUrl contains "://", RemoteUrl, strcat("https://", RemoteUrl)) → tolower(parse_url(…).Host), trailing dots trimmed. */
function remoteHost(remoteUrl: unknown): string | null {
  if (typeof remoteUrl !== 'string' || remoteUrl === '') return null;
  try {
    return new URL(remoteUrl.includes('://') ? remoteUrl : `https://${remoteUrl}`).hostname.toLowerCase().replace(/\.+$/, '');
  } catch {
    return null;
  }
}
