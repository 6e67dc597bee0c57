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
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameIndicatorValue(a, b)).toBe(same);
    expect(sameIndicatorValue(b, a)).toBe(same);
  });
});
