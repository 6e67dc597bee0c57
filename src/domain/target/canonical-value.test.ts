import { describe, expect, test } from 'vitest';
import { canonicalHost, canonicalIndicatorValue, canonicalIp, canonicalUrl, sameIndicatorValue } from './canonical-value.ts';
import { parseTarget } from './parse-target.ts';
import { indicatorTargetOf } from './target.ts';

// Defender writes IPv6 in compressed RFC 5952 form in its tables and indicators
// (defender-api.md §8 "Precision and forms Defender uses").
describe('canonicalIp writes every spelling of one address the way Defender does', () => {
  test.each([
    ['2620:1ec:bdf:0:0:0:0:40', '2620:1ec:bdf::40'],
    ['2620:01ec:0bdf:0000:0000:0000:0000:0040', '2620:1ec:bdf::40'],
    ['2620:1EC:BDF::40', '2620:1ec:bdf::40'],
    ['2620:1ec:bdf:0::40', '2620:1ec:bdf::40'],
    ['2620:1ec:bdf:0:0::0:40', '2620:1ec:bdf::40'],
    ['2620:1ec:bdf::0:0:40', '2620:1ec:bdf::40'],
    ['2620:1ec:bdf::40', '2620:1ec:bdf::40'],
    ['2001:4898:0:0:0:0:1050:1050', '2001:4898::1050:1050'],
    // RFC 5952 4.2.3: the longest run of zero groups is compressed; on a tie, the first.
    ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    // RFC 5952 4.2.2: a single zero group is never shortened to ::.
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:0:0:0:0:1', '2001::1'],
    ['2620:0:0:0:0:0:0:0', '2620::'],
    // An IPv4 address stays a dotted quad; written as IPv4-mapped IPv6, it is that IPv4 address.
    ['8.8.4.4', '8.8.4.4'],
    ['::ffff:8.8.4.4', '8.8.4.4'],
    ['::FFFF:808:404', '8.8.4.4'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  test.each([['2620:1ec:bdf::40%eth0'], ['1.2.3.4/32'], ['2620:1ec:bdf::/48'], ['[2620:1ec:bdf::40]'], ['0x8.8.4.4'], ['010.8.4.4'], ['logistics.contoso.com'], ['']])(
    '%j is not one IP address',
    (input) => {
      expect(canonicalIp(input)).toBeNull();
    },
  );
});

describe('canonicalHost', () => {
  test.each([
    ['logistics.contoso.com', 'logistics.contoso.com'],
    ['Logistics.Contoso.COM', 'logistics.contoso.com'],
    ['logistics.contoso.com.', 'logistics.contoso.com'],
    ['LOGISTICS.CONTOSO.COM.', 'logistics.contoso.com'],
    ['bücher.example.com', 'xn--bcher-kva.example.com'],
    ['BÜCHER.Example.com.', 'xn--bcher-kva.example.com'],
    ['XN--BCHER-KVA.example.com', 'xn--bcher-kva.example.com'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalHost(input)).toBe(expected);
  });
});

describe('canonicalUrl', () => {
  test.each([
    ['https://logistics.contoso.com/portal/login', 'https://logistics.contoso.com/portal/login'],
    ['HTTPS://Logistics.CONTOSO.com/Portal/Login', 'https://logistics.contoso.com/Portal/Login'],
    ['https://logistics.contoso.com:443/portal', 'https://logistics.contoso.com/portal'],
    ['http://logistics.contoso.com:80/portal', 'http://logistics.contoso.com/portal'],
    ['http://logistics.contoso.com:8080/portal', 'http://logistics.contoso.com:8080/portal'],
    ['https://logistics.contoso.com./portal?lang=en#top', 'https://logistics.contoso.com/portal?lang=en'],
    ['https://bücher.example.com/x?q=1', 'https://xn--bcher-kva.example.com/x?q=1'],
    ['https://[2620:1EC:bdf:0:0:0:0:40]:8443/x', 'https://[2620:1ec:bdf::40]:8443/x'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(new URL(input))).toBe(expected);
  });
});

// The WHATWG parser keeps escapes as typed; RFC 3986 §6.2.2.1-2 says which spellings are one URL:
// hex digits in either case, and an escaped unreserved character (ALPHA DIGIT - . _ ~) or the character.
describe('canonicalUrl writes % escapes in one form (RFC 3986 §6.2.2)', () => {
  const HOST = 'https://logistics.contoso.com';
  test.each([
    ['upper-case hex digits', `${HOST}/portal/login?ReturnUrl=%2fportal%2fhome`, `${HOST}/portal/login?ReturnUrl=%2Fportal%2Fhome`],
    ['mixed-case hex digits', `${HOST}/a%2fb%2Fc%3a`, `${HOST}/a%2Fb%2Fc%3A`],
    ['an escaped slash stays an escape, never a separator', `${HOST}/a%2Fb`, `${HOST}/a%2Fb`],
    ['an escaped ? # or % stays an escape', `${HOST}/a%3fb%23c%25d?q=%26%3d`, `${HOST}/a%3Fb%23c%25d?q=%26%3D`],
    ['a space, typed or escaped', `${HOST}/sites/Shipping Team/Forms`, `${HOST}/sites/Shipping%20Team/Forms`],
    ['an escaped space', `${HOST}/sites/Shipping%20Team/Forms`, `${HOST}/sites/Shipping%20Team/Forms`],
    ['escaped letters and digits, decoded', `${HOST}/%41%62%63/%31%32?x=%59`, `${HOST}/Abc/12?x=Y`],
    ['escaped - . _ ~, decoded', `${HOST}/%7euser/a%2Db%2ec%5Fd`, `${HOST}/~user/a-b.c_d`],
    ['a decoded dot that is no dot segment', `${HOST}/a/%2E%2E%2E/b`, `${HOST}/a/.../b`],
    ['an escaped dot segment, resolved as the URL parser does', `${HOST}/a/b/%2e%2E/c`, `${HOST}/a/c`],
    ['non-ASCII, typed or escaped in lower case', `${HOST}/bücher?q=ä`, `${HOST}/b%C3%BCcher?q=%C3%A4`],
    ['non-ASCII escaped in lower case', `${HOST}/b%c3%bccher?q=%c3%a4`, `${HOST}/b%C3%BCcher?q=%C3%A4`],
    ['a plus sign and an escaped one stay apart', `${HOST}/a+b?q=a+b&r=a%2bb`, `${HOST}/a+b?q=a+b&r=a%2Bb`],
  ])('%s: %s → %s', (_what, input, expected) => {
    const canonical = canonicalUrl(new URL(input));
    expect(canonical).toBe(expected);
    // Stable: parsing the canonical form again gives it back, so no later step rewrites the value.
    expect(canonicalUrl(new URL(canonical))).toBe(canonical);
    expect(canonicalIndicatorValue(canonical)).toBe(canonical);
  });

  test.each([
    ['%2f and %2F', ['https://logistics.contoso.com/portal/login?ReturnUrl=%2fportal%2fhome', 'HTTPS://Logistics.contoso.com:443/portal/login?ReturnUrl=%2Fportal%2fhome#top']],
    ['~ and %7e and %7E', ['https://logistics.contoso.com/~ops/x', 'https://logistics.contoso.com/%7eops/x', 'https://logistics.contoso.com/%7Eops/%78']],
    ['a space and %20', ['https://logistics.contoso.com/sites/Shipping Team', 'https://logistics.contoso.com/sites/Shipping%20Team', 'https://logistics.contoso.com/sites/Shipping%20%54eam']],
  ])('every spelling with %s gives one value', (_what, spellings) => {
    const values = new Set(spellings.map((s) => canonicalIndicatorValue(s)));
    expect(values.size).toBe(1);
    expect([...values][0]).not.toBeNull();
  });

  test.each([
    ['an escaped slash and a slash', 'https://logistics.contoso.com/a%2Fb', 'https://logistics.contoso.com/a/b'],
    ['an escaped ? and a query', 'https://logistics.contoso.com/a%3Fb', 'https://logistics.contoso.com/a?b'],
    ['%2520 and %20', 'https://logistics.contoso.com/a%2520b', 'https://logistics.contoso.com/a%20b'],
  ])('keeps %s apart: they are different URLs', (_what, a, b) => {
    expect(canonicalIndicatorValue(a)).not.toBe(canonicalIndicatorValue(b));
    expect(sameIndicatorValue(a, b)).toBe(false);
  });

  test.each([['https://con%74oso.com/x'], ['https://us%65r@contoso.com/x'], ['https:///con%74oso.com/x'], ['http://[fe80::1%25eth0]/x']])(
    '%s has an escape in its authority and is no indicator value',
    (input) => {
      expect(canonicalIndicatorValue(input)).toBeNull();
    },
  );
});

describe('canonicalIndicatorValue: one rule for IPs, hosts and URLs', () => {
  test.each([
    ['2620:1ec:bdf:0:0:0:0:40', '2620:1ec:bdf::40'],
    ['8.8.4.4', '8.8.4.4'],
    ['Logistics.Contoso.com.', 'logistics.contoso.com'],
    ['HTTPS://Logistics.Contoso.com/portal#x', 'https://logistics.contoso.com/portal'],
    ['ftp://logistics.contoso.com/x', null],
    ['logistics.contoso.com/portal', null],
    ['https://', null],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIndicatorValue(input)).toBe(expected);
  });

  // Whatever the user typed, the target's value is already canonical: nothing downstream rewrites it.
  test.each([
    ['https://[2620:1ec:bdf:0:0:0:0:40]/x'],
    ['2620:01EC:0BDF::0040'],
    ['::ffff:8.8.4.4'],
    ['HTTPS://LOGISTICS.Contoso.COM./portal'],
    ['bücher.example.com.'],
    ['104.16.132.229'],
    ['https://logistics.contoso.com/portal/login?ReturnUrl=%2fportal%2fhome'],
    ['logistics.contoso.com/sites/Shipping%20Team/%7eforms'],
  ])('the target parsed from %s is in canonical form', (input) => {
    const parsed = parseTarget(input);
    if (!parsed.ok) throw new Error(parsed.error.code);
    const { value } = indicatorTargetOf(parsed.value);
    expect(canonicalIndicatorValue(value)).toBe(value);
    if (parsed.value.kind === 'host' && parsed.value.url !== null) expect(canonicalIndicatorValue(parsed.value.url)).toBe(parsed.value.url);
  });
});

describe('sameIndicatorValue', () => {
  test.each<[string, string, boolean]>([
    ['2620:1ec:bdf::40', '2620:1ec:bdf:0:0:0:0:40', true],
    ['2620:1ec:bdf::40', '2620:1ec:bdf::41', false],
    ['8.8.4.4', '::ffff:8.8.4.4', true],
    ['logistics.contoso.com', 'Logistics.Contoso.com.', true],
    ['logistics.contoso.com', 'contoso.com', false],
    ['https://logistics.contoso.com/portal', 'https://LOGISTICS.contoso.com:443/portal', true],
    ['https://logistics.contoso.com/portal', 'https://logistics.contoso.com/other', false],
    ['https://logistics.contoso.com/login?ReturnUrl=%2Fhome', 'https://logistics.contoso.com/login?ReturnUrl=%2fhome', true],
    ['https://logistics.contoso.com/login?ReturnUrl=%2Fhome', 'https://logistics.contoso.com/login?ReturnUrl=/home', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameIndicatorValue(a, b)).toBe(same);
    expect(sameIndicatorValue(b, a)).toBe(same);
  });
});
