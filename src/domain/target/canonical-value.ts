import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';

// One text form per value, the one Defender itself writes in its advanced-hunting tables and in
// indicator values (docs: /work/shared/reference/defender-api.md §8 "Precision and forms Defender
// uses": IPv6 appears in compressed RFC 5952 form). Every value Unblock sends to Defender, puts in
// KQL, looks up (findByValue) or keys an open request by is in this form, so the same address
// typed two ways is one target, and Defender's exact-match `$filter=indicatorValue eq '…'` finds it.
//
// - IP: IPv4 as a dotted quad; IPv6 as RFC 5952 §4 (lowercase hex, no leading zeros, the longest
//   run of two or more zero groups as `::`, the leftmost on a tie); an IPv4-mapped IPv6 address
//   (::ffff:a.b.c.d) is the IPv4 address it maps. No zone ids, no prefixes.
// - Hostname: lowercase ASCII (IDNA punycode for Unicode labels), without a trailing dot.
// - URL: the WHATWG serialisation of scheme, canonical host, non-default port, path and query,
//   without userinfo or fragment (the fragment never reaches the server, so no indicator can see it).
//   The WHATWG parser keeps a % escape as typed (`%2f` and `%2F` stay two spellings), so escapes in
//   the path and query are then normalised as RFC 3986 §6.2.2 says equivalent URIs are: hex digits
//   in upper case (§6.2.2.1, `%2f` → `%2F`) and escaped unreserved characters (ALPHA, DIGIT, `-`
//   `.` `_` `~`) decoded (§6.2.2.2, `%7E` → `~`, `%41` → `A`); every other escape stays an escape,
//   since decoding it changes the URL (`%2F` is data, `/` a path separator). Defender does not
//   document how it compares URL indicator values (defender-api.md has no such rule), so this is
//   the URI standard's equivalence, not a Defender habit. Chromium's path canonicaliser, which Edge
//   (the one browser enforcing full-path URL indicators) builds on, decodes the same unreserved
//   escapes but keeps the hex case of the others as typed (url/url_canon_path.cc, kPathCharLookup).

/** The canonical text of an already parsed address (see the rules above). */
export function formatIp(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (address.kind() === 'ipv4') return address.toString();
  const v6 = address as ipaddr.IPv6;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
}

/**
 * The canonical text of one IP address written in any valid standard spelling (`2620:01EC:bdf:0:0:0:0:40`
 * → `2620:1ec:bdf::40`), or null when `text` is not exactly one address: ranges, prefixes, zone
 * ids, bracketed or non-standard IPv4 forms (`0x8.8.4.4`) are not IPs here.
 */
export function canonicalIp(text: string): string | null {
  if (text.includes('%') || isIP(text) === 0) return null;
  return formatIp(ipaddr.parse(text));
}

/** A hostname in canonical form (lowercase punycode, no trailing dot), or null when IDNA refuses it. Does not judge whether the host may be allowed. */
export function canonicalHost(hostname: string): string | null {
  const ascii = domainToASCII(hostname);
  return ascii === '' ? null : ascii.toLowerCase().replace(/\.$/, '');
}

/** The canonical text of a parsed http(s) URL (see the rules above); IPv6 hosts stay in brackets. */
export function canonicalUrl(url: URL): string {
  const bare = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const ip = canonicalIp(bare);
  const host = ip === null ? (canonicalHost(bare) ?? bare) : ip.includes(':') ? `[${ip}]` : ip;
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}${canonicalEscapes(url.pathname)}${canonicalEscapes(url.search)}`;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * A serialised path or query with its % escapes in RFC 3986 §6.2.2 form (see the rules above):
 * `%2f` → `%2F`, `%7e` → `~`. A `%` that starts no escape is left alone (parseTarget refuses one).
 * Idempotent, and stable under the WHATWG parser: it never writes a character that parser would
 * escape, and a decoded `.` cannot form a new `.`/`..` segment, as the parser has already resolved
 * those, escaped or not.
 */
function canonicalEscapes(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/**
 * Any indicator value (IP, http(s) URL or hostname, told apart by shape: an IP literal is never a
 * valid hostname) in canonical form, or null when it is none of them (a URL with a % escape in its
 * user info or host, which the URL parser would decode, is none). Idempotent.
 */
export function canonicalIndicatorValue(value: string): string | null {
  const ip = canonicalIp(value);
  if (ip !== null) return ip;
  if (/^https?:\/\//i.test(value)) {
    if (/^https?:[/\\]*[^/?#\\]*%/i.test(value)) return null;
    try {
      return canonicalUrl(new URL(value));
    } catch {
      return null;
    }
  }
  return value.includes('/') || value.includes(':') ? null : canonicalHost(value);
}

/**
 * Whether two indicator values name the same thing: equal canonical forms, compared without regard
 * to case (hosts are lowercase anyway; Defender does not document whether URL paths are
 * case-sensitive, so, as before, URLs differing only in case count as the same value). Values that
 * are no valid indicator value compare as lowercase text.
 */
export function sameIndicatorValue(a: string, b: string): boolean {
  const form = (v: string) => (canonicalIndicatorValue(v) ?? v).toLowerCase();
  return form(a) === form(b);
}
