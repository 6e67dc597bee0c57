import { MAX_TARGET_INPUT } from '../../src/domain/target/parse-target.ts';
import type { NonPublicRange, TargetError } from '../../src/domain/target/target-error.ts';

// Addresses parseTarget refuses, with the refusal each gets. The domain tests check the refusal
// (src/domain/target/*.test.ts); the Slack adapter's test checks the words it is told in, exactly,
// and that they never contain what was typed (src/adapters/slack/text/target-refusal.test.ts).

const label63 = 'a'.repeat(63);
/** The longest hostname DNS allows: 253 characters, made of valid labels. */
export const HOST_253 = [label63, label63, label63, 'b'.repeat(57), 'com'].join('.');
/** One character over the DNS limit. */
export const HOST_254 = [label63, label63, label63, 'b'.repeat(58), 'com'].join('.');

const TOO_LONG: TargetError = { code: 'too_long', maxLength: MAX_TARGET_INPUT };
const INVALID_HOSTNAME: TargetError = { code: 'invalid_hostname', maxLength: 253 };
const nonPublic = (range: NonPublicRange): TargetError => ({ code: 'non_public_ip', range });

/** Typed addresses of every kind parseTarget refuses, each with its refusal. */
export const REFUSED_ADDRESSES: ReadonlyArray<readonly [input: string, refusal: TargetError]> = [
  ['', { code: 'empty' }],
  ['   \t ', { code: 'empty' }],
  [`https://contoso.com/${'a'.repeat(2049)}`, TOO_LONG],
  ['conto\u0000so.com', { code: 'control_characters' }],
  ['logistics.contoso.com\nevil.example', { code: 'control_characters' }],
  ['conto\u200bso.com', { code: 'control_characters' }],
  ['moc.\u202eevil.com', { code: 'control_characters' }],
  ['*.contoso.com', { code: 'wildcard' }],
  ['https://*.contoso.com/', { code: 'wildcard' }],
  ['10.0.0.0/8', { code: 'ip_range' }],
  ['2001:db8::/32', { code: 'ip_range' }],
  ['10.0.0.1-10.0.0.9', { code: 'ip_range' }],
  ['10.0.0.1 - 10.0.0.9', { code: 'ip_range' }],
  ['ftp://contoso.com', { code: 'unsupported_scheme' }],
  ['javascript:alert(1)', { code: 'unsupported_scheme' }],
  ['file:///etc/passwd', { code: 'unsupported_scheme' }],
  ['<mailto:someone@contoso.com|someone>', { code: 'unsupported_scheme' }],
  // Slack's link markup is unwrapped by the Slack adapter (slack-text.ts); here a `|label` is typed text.
  ['<https://x.contoso.com|label>', { code: 'unparseable' }],
  ['<https://evil.example|logistics.contoso.com>', { code: 'unparseable' }],
  ['<<https://x.contoso.com>>', { code: 'unparseable' }],
  ['https://user:pw@contoso.com', { code: 'userinfo' }],
  ['user@contoso.com', { code: 'userinfo' }],
  ['http://', { code: 'unparseable' }],
  ['https://exa mple.com', { code: 'unparseable' }],
  ['https://contoso.com:99999', { code: 'unparseable' }],
  ['foo_bar.contoso.com', INVALID_HOSTNAME],
  ['-portal.contoso.com', INVALID_HOSTNAME],
  ['portal..contoso.com', INVALID_HOSTNAME],
  [HOST_254, INVALID_HOSTNAME],
  ['intranet', { code: 'single_label' }],
  ['localhost', { code: 'single_label' }],
  ['localhost:3000', { code: 'single_label' }],
  ['foo.localhost', { code: 'single_label' }],
  ['com', { code: 'single_label' }],
  ['co.uk', { code: 'public_suffix' }],
  ['co.uk.', { code: 'public_suffix' }],
  ['azurewebsites.net', { code: 'public_suffix' }],
  ['cloudfront.net', { code: 'public_suffix' }],
  ['github.io', { code: 'public_suffix' }],
  ['127.0.0.1', nonPublic('loopback')],
  ['0x7f.1', { code: 'ipv4_spelling' }],
  ['2130706433', { code: 'ipv4_spelling' }],
  ['10.0.0.10', nonPublic('private')],
  ['http://10.0.0.10:8080/x', nonPublic('private')],
  ['<http://10.0.0.10>', nonPublic('private')],
  ['192.168.1.1', nonPublic('private')],
  ['172.16.0.1', nonPublic('private')],
  ['100.64.0.1', nonPublic('carrier_grade_nat')],
  ['169.254.1.1', nonPublic('link_local')],
  ['169.254.169.254', nonPublic('link_local')],
  ['[::1]', nonPublic('loopback')],
  ['::1', nonPublic('loopback')],
  ['fe80::1', nonPublic('link_local')],
  ['fc00::1', nonPublic('unique_local')],
  ['::ffff:10.0.0.1', nonPublic('private')],
  ['http://[::ffff:127.0.0.1]/', nonPublic('loopback')],
  ['::10.0.0.1', nonPublic('private')],
  ['0.0.0.0', nonPublic('unspecified')],
  ['::', nonPublic('unspecified')],
  ['224.0.0.1', nonPublic('multicast')],
  ['255.255.255.255', nonPublic('broadcast')],
  ['192.0.2.1', nonPublic('reserved')],
  ['2001:db8::1', nonPublic('reserved')],
];

const ESCAPE_IN_HOST: TargetError = { code: 'escape_in_host' };
const BROKEN_ESCAPE: TargetError = { code: 'broken_escape' };

/** % escapes (and IPv6 zone ids) where parseTarget takes none, or that are no escape: what, input, refusal. */
export const REFUSED_ESCAPES: ReadonlyArray<readonly [what: string, input: string, refusal: TargetError]> = [
  ['an escaped letter in the host', 'https://con%74oso.com/portal', ESCAPE_IN_HOST],
  ['an escaped host without a scheme', 'logistics.con%74oso.com', ESCAPE_IN_HOST],
  ['an escaped dot in the host', 'https://logistics%2Econtoso.com/', ESCAPE_IN_HOST],
  ['an escaped slash that would end the host', 'logistics.contoso.com%2Fportal', ESCAPE_IN_HOST],
  ['escaped slashes after the scheme', 'https:%2F%2Flogistics.contoso.com/x', ESCAPE_IN_HOST],
  ['an escape in the user info', 'https://us%65r@contoso.com/x', ESCAPE_IN_HOST],
  ['an escape in the port', 'https://logistics.contoso.com:%3443/x', ESCAPE_IN_HOST],
  ['an IPv6 zone id', 'fe80::1%eth0', ESCAPE_IN_HOST],
  ['a public IPv6 address with a zone id', '2606:4700:4700::1111%eth0', ESCAPE_IN_HOST],
  ['a bracketed zone id', '[2606:4700:4700::1111%25eth0]', ESCAPE_IN_HOST],
  ['a zone id in a URL', 'http://[2606:4700:4700::1111%25eth0]/portal', ESCAPE_IN_HOST],
  ['a % with no hex digits in the path', 'https://logistics.contoso.com/a%zz', BROKEN_ESCAPE],
  ['a % with one hex digit in the query', 'https://logistics.contoso.com/a?share=%4', BROKEN_ESCAPE],
  ['a lone % at the end', 'https://logistics.contoso.com/100%', BROKEN_ESCAPE],
  ['escapes of another scheme', 'javascript:alert(%22x%22)', { code: 'unsupported_scheme' }],
];

/**
 * IPv4 spellings other than the strict dotted quad, all refused as `ipv4_spelling`: what, input,
 * and the address the WHATWG URL parser would silently rewrite it to.
 */
export const REFUSED_IPV4_SPELLINGS: ReadonlyArray<readonly [what: string, input: string, rewritten: string]> = [
  ['leading zeros (octal to the URL parser)', '013.107.006.152', '11.107.6.152'],
  ['one zero-padded octet', '13.107.6.052', '13.107.6.42'],
  ['a zero-padded zero', '13.107.6.00', '13.107.6.0'],
  ['hex octets', '0x0d.0x6b.6.152', '13.107.6.152'],
  ['a hex octet in upper case', '0XD.107.6.152', '13.107.6.152'],
  ['one 32-bit number', '222033560', '13.59.246.152'],
  ['a single hex number', '0x0d6b0698', '13.107.6.152'],
  ['three parts', '13.107.1688', '13.107.6.152'],
  ['two parts', '13.7014040', '13.107.6.152'],
  ['a trailing dot', '13.107.6.152.', '13.107.6.152'],
  ['full-width digits and dots', '\uff11\uff13\uff0e\uff11\uff10\uff17\uff0e\uff16\uff0e\uff11\uff15\uff12', '13.107.6.152'],
  ['ideographic full stops', '13\u3002107\u30026\u3002152', '13.107.6.152'],
  ['leading zeros in a URL', 'https://013.107.006.152/x', '11.107.6.152'],
  ['leading zeros in a URL with a port', 'http://013.107.006.152:8080/', '11.107.6.152'],
  ['one number in a URL', 'https://222033560/', '13.59.246.152'],
  ['hex in a URL without slashes', 'https:0x0d.0x6b.6.152', '13.107.6.152'],
  ['leading zeros after an empty user name', 'https://@013.107.006.152/', '11.107.6.152'],
  ['leading zeros between angle brackets', '<https://013.107.006.152>', '11.107.6.152'],
];
