import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { parse as parseDomain } from 'tldts';
import { err, ok, type Result } from '../../shared/result.ts';
import { canonicalHost, canonicalUrl, formatIp } from './canonical-value.ts';
import type { HostTarget, IpTarget, Target } from './target.ts';
import type { NonPublicRange, TargetError } from './target-error.ts';

/** Longest address taken, in characters: as typed, and as the URL kept (escapes and all). */
export const MAX_TARGET_INPUT = 2048;
const MAX_HOSTNAME = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// Controls, format characters (bidi overrides, zero-width joiners …) and other invisible code points
// that could disguise a name: refused outright rather than silently dropped by the URL parser.
const CONTROL = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
// `scheme://…`, or a dot-free `scheme:` not followed by a port number (javascript:, mailto:, data:).
const SCHEME = /^(?:([a-z][a-z0-9+.-]*):\/\/|([a-z][a-z0-9+-]*):(?!\d+(?:[/?#]|$)))/i;
// `<https://…>`: the delimiters RFC 3986 Appendix C recommends around a URL in plain text.
const ANGLE_DELIMITED = /^<([^<>]*)>$/;
// An IPv4 address as every program reads it the same way: four decimal octets, no leading zeros.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
// A host whose last label is a number (decimal or 0x-hex, one trailing dot allowed): the WHATWG URL
// parser reads such a host as IPv4 ("ends in a number", URL Standard §3.5 host parsing).
const ENDS_IN_NUMBER = /(?:^|\.)(?:\d+|0x[0-9a-f]*)\.?$/i;
// A `%` not followed by two hex digits (RFC 3986 §2.1 pct-encoded = "%" HEXDIG HEXDIG).
const BROKEN_ESCAPE = /%(?![0-9a-f]{2})/i;

const fail = (error: TargetError) => err(error);

/**
 * Parses what a user typed as the blocked portal: a URL, a hostname or an IP, with or without scheme,
 * port, path, query or trailing dot, optionally between angle brackets. `input` is plain text (any
 * chat markup already removed by the adapter). IPv4 is taken only as a strict dotted quad of
 * decimal octets without leading zeros (also as a URL's host): the WHATWG URL parser would read
 * `013.107.006.152` as octal 11.107.6.152, so every other spelling is refused (`ipv4_spelling`)
 * rather than allowed as an address nobody typed. % escapes are taken in the path and query only
 * (`?ReturnUrl=%2Fportal`, as a browser shows them), never in the host or user info, never as an
 * IPv6 zone id, and each must be `%` and two hex digits; the URL keeps them in one form
 * (canonicalUrl). Returns the narrowest target an allow may cover, or why not (TargetError: a code
 * and its data, never the typed text; the adapters put it into words). Pure: no DNS, no network.
 */
export function parseTarget(input: string): Result<Target, TargetError> {
  let text = input.trim();
  if (text.length === 0) return fail({ code: 'empty' });
  if (text.length > MAX_TARGET_INPUT) return fail({ code: 'too_long', maxLength: MAX_TARGET_INPUT });
  if (CONTROL.test(text)) return fail({ code: 'control_characters' });
  // A user may type the address between angle brackets, as RFC 3986 Appendix C suggests for plain
  // text; neither bracket can be part of an address, so dropping one enclosing pair changes nothing
  // else. Slack's own `<url|label>` markup is unwrapped by the Slack adapter before this runs: a `|`
  // left here is typed text and makes the address invalid (it is not a hostname character).
  text = ANGLE_DELIMITED.exec(text)?.[1]?.trim() ?? text;
  if (text.includes('*')) return fail({ code: 'wildcard' });
  if (isIpRangeOrCidr(text)) return fail({ code: 'ip_range' });
  // A bare IPv6 address (`fe80::1` would otherwise read as scheme `fe80:`); Node counts one with a zone id too.
  const bareIpv6 = isIP(text) === 6;
  const schemeMatch = bareIpv6 ? null : SCHEME.exec(text);
  const scheme = (schemeMatch?.[1] ?? schemeMatch?.[2])?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return fail({ code: 'unsupported_scheme' });
  // The URL parser decodes % escapes in a host (`con%74oso.com` is contoso.com), and `fe80::1%eth0`
  // carries a zone id: a host is only taken as written. Escapes in the path and query are what a
  // browser's address bar shows (`?ReturnUrl=%2Fportal`); they stay, in one form (canonicalUrl).
  if (typedAuthority(text, scheme !== undefined).includes('%')) return fail({ code: 'escape_in_host' });
  if (bareIpv6) return parseIp(text);

  let url: URL;
  try {
    url = new URL(scheme !== undefined ? text : `https://${text}`);
  } catch {
    if (ENDS_IN_NUMBER.test(typedHost(text, scheme !== undefined))) return fail({ code: 'ipv4_spelling' });
    return fail({ code: 'unparseable' });
  }
  if (url.username !== '' || url.password !== '') return fail({ code: 'userinfo' });
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // The URL parser silently rewrites other IPv4 spellings (013.107.006.152 is octal 11.107.6.152,
  // 222033560 and 13.107.1590 are shorthands): only the form it writes back is taken as typed, so
  // what approvers see and what Defender allows is what the user wrote.
  if (isIP(hostname) === 4 && !DOTTED_QUAD.test(typedHost(text, scheme !== undefined))) return fail({ code: 'ipv4_spelling' });
  if (isIP(hostname) !== 0) return parseIp(hostname);
  return parseHost(url);
}

/**
 * The host exactly as typed: after an http(s) scheme and the slashes or backslashes the URL parser
 * skips after it, up to the first path, query or fragment delimiter, without user info or port.
 */
function typedHost(text: string, hasScheme: boolean): string {
  const authority = typedAuthority(text, hasScheme);
  return authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
}

/**
 * The authority exactly as typed (user info, host and port): after the scheme and the slashes or
 * backslashes the URL parser skips after it, up to the first path, query or fragment delimiter,
 * which is where the URL parser ends the host of an http(s) URL.
 */
function typedAuthority(text: string, hasScheme: boolean): string {
  const rest = hasScheme ? text.replace(/^[a-z][a-z0-9+.-]*:[/\\]*/i, '') : text;
  return rest.split(/[/?#\\]/, 1)[0]!;
}

function parseIp(text: string): Result<IpTarget, TargetError> {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(text);
  } catch {
    return fail({ code: 'invalid_ip' });
  }
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  const range = address.range();
  // IPv6: only global unicast (2000::/3) is public; ipaddr.js calls some other blocks 'unicast'.
  const globalUnicast = address.kind() === 'ipv4' || (address as ipaddr.IPv6).match(ipaddr.IPv6.parse('2000::'), 3);
  if (range !== 'unicast' || !globalUnicast) return fail({ code: 'non_public_ip', range: nonPublicRange(range) });
  // Defender's own form (RFC 5952 for IPv6), so hunting and indicator lookups by value find it.
  return ok({ kind: 'ip', ip: formatIp(address), version: address.kind() === 'ipv4' ? 4 : 6 });
}

/** `10.0.0.0/8`, `2001:db8::/32` or `10.0.0.1-10.0.0.9`: several addresses, never one. */
function isIpRangeOrCidr(text: string): boolean {
  const bare = (part: string) => part.trim().replace(/^\[(.*)\]$/, '$1');
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length === 0 && prefix !== undefined && /^\d{1,3}$/.test(prefix) && isIP(bare(address!)) !== 0) return true;
  const ends = text.split('-');
  return ends.length === 2 && ends.every((end) => isIP(bare(end)) !== 0);
}

/** ipaddr.js's name for a range, as a NonPublicRange; every range not named here is `reserved`. */
function nonPublicRange(range: string): NonPublicRange {
  const ranges: Record<string, NonPublicRange> = {
    private: 'private',
    loopback: 'loopback',
    linkLocal: 'link_local',
    carrierGradeNat: 'carrier_grade_nat',
    uniqueLocal: 'unique_local',
    unspecified: 'unspecified',
    broadcast: 'broadcast',
    multicast: 'multicast',
  };
  return ranges[range] ?? 'reserved';
}

function parseHost(url: URL): Result<HostTarget, TargetError> {
  const host = canonicalHost(url.hostname) ?? '';
  const labels = host.split('.');
  if (host.length === 0 || host.length > MAX_HOSTNAME || !labels.every((label) => LABEL.test(label))) {
    return fail({ code: 'invalid_hostname', maxLength: MAX_HOSTNAME });
  }
  if (labels.length < 2 || host === 'localhost' || host.endsWith('.localhost')) return fail({ code: 'single_label' });
  const parsed = parseDomain(host, { allowPrivateDomains: true, extractHostname: false });
  if (parsed.domain === null || parsed.publicSuffix === host) return fail({ code: 'public_suffix' });
  const hasPathOrQuery = url.pathname !== '/' || url.search !== '';
  // The URL parser keeps a `%` that starts no escape, which RFC 3986 does not allow: servers and
  // browsers each read it their own way, so no one value could stand for it.
  if (BROKEN_ESCAPE.test(url.pathname + url.search)) return fail({ code: 'broken_escape' });
  const reported = hasPathOrQuery ? canonicalUrl(url) : null;
  // The parser writes each non-ASCII character as escapes (`ä` is `%C3%A4`): the limit holds for the URL kept and shown too.
  if (reported !== null && reported.length > MAX_TARGET_INPUT) return fail({ code: 'too_long', maxLength: MAX_TARGET_INPUT });
  return ok({
    kind: 'host',
    host,
    registrableDomain: parsed.domain,
    coversSubdomains: host === parsed.domain,
    internationalized: labels.some((label) => label.startsWith('xn--')),
    url: reported,
  });
}
