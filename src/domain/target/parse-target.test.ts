import { describe, expect, it, test } from 'vitest';
import { HOST_253, REFUSED_ADDRESSES } from '../../../test/builders/refused-targets.ts';
import { parseTarget } from './parse-target.ts';
import type { HostTarget, IpTarget } from './target.ts';

const host = (fields: Partial<HostTarget> & Pick<HostTarget, 'host' | 'registrableDomain'>): HostTarget => ({
  kind: 'host',
  coversSubdomains: false,
  internationalized: false,
  url: null,
  ...fields,
});

const ip = (address: string, version: 4 | 6): IpTarget => ({ kind: 'ip', ip: address, version });

/** A test name that stays readable for very long or invisible inputs. */
const shown = (input: string) => (input.length > 60 ? `${JSON.stringify(input.slice(0, 24))}… (${input.length} characters)` : JSON.stringify(input));

/** Prefixes each case with a title made of its description and its input. */
const named = <T>(cases: Array<[string, string, T]>) => cases.map(([what, input, expected]) => [`${what}: ${shown(input)}`, input, expected] as const);

const logistics = host({ host: 'logistics.contoso.com', registrableDomain: 'contoso.com' });


describe('parseTarget accepts', () => {
  test.each(named([
    ['a URL', 'https://logistics.contoso.com', logistics],
    ['a bare hostname', 'logistics.contoso.com', logistics],
    ['surrounding whitespace', '  logistics.contoso.com \t', logistics],
    ['a trailing dot', 'logistics.contoso.com.', logistics],
    ['upper case', 'HTTPS://LOGISTICS.Contoso.COM', logistics],
    ['the default port and an empty path', 'https://logistics.contoso.com:443/', logistics],
    ['a bare hostname with a port', 'logistics.contoso.com:8443', logistics],
    [
      'port, path, query and fragment (fragment dropped)',
      'https://logistics.contoso.com:8443/track/42?lang=en#top',
      { ...logistics, url: 'https://logistics.contoso.com:8443/track/42?lang=en' },
    ],
    [
      'a path on http without its default port',
      'http://logistics.contoso.com:80/path',
      { ...logistics, url: 'http://logistics.contoso.com/path' },
    ],
    ['a URL between angle brackets (RFC 3986 Appendix C)', '<https://x.contoso.com>', host({ host: 'x.contoso.com', registrableDomain: 'contoso.com' })],
    [
      'a registrable domain, which covers its subdomains',
      'contoso.com',
      host({ host: 'contoso.com', registrableDomain: 'contoso.com', coversSubdomains: true }),
    ],
    [
      'a site under a private public-suffix section',
      'myapp.azurewebsites.net',
      host({ host: 'myapp.azurewebsites.net', registrableDomain: 'myapp.azurewebsites.net', coversSubdomains: true }),
    ],
    ['a name under a multi-label suffix', 'portal.contoso.co.uk', host({ host: 'portal.contoso.co.uk', registrableDomain: 'contoso.co.uk' })],
    [
      'a Unicode name, as punycode',
      'https://bücher.example.com',
      host({ host: 'xn--bcher-kva.example.com', registrableDomain: 'example.com', internationalized: true }),
    ],
    [
      'a Cyrillic look-alike of paypal.com, as punycode',
      'раураl.com',
      host({ host: 'xn--l-7sba6dbr.com', registrableDomain: 'xn--l-7sba6dbr.com', coversSubdomains: true, internationalized: true }),
    ],
    [
      'a punycode label typed directly',
      'XN--BCHER-KVA.example.com',
      host({ host: 'xn--bcher-kva.example.com', registrableDomain: 'example.com', internationalized: true }),
    ],
    ['a 253-character hostname', HOST_253, host({ host: HOST_253, registrableDomain: `${'b'.repeat(57)}.com` })],
    ['a 253-character hostname with a trailing dot', `${HOST_253}.`, host({ host: HOST_253, registrableDomain: `${'b'.repeat(57)}.com` })],
  ]))('%s', (_title, input, expected) => {
    expect(parseTarget(input)).toEqual({ ok: true, value: expected });
  });

  test.each(named([
    ['a public IPv4 address', '8.8.8.8', ip('8.8.8.8', 4)],
    ['a public IPv4 address in a URL with a port', 'http://1.1.1.1:80/', ip('1.1.1.1', 4)],
    ['a public IPv6 address, in RFC 5952 form', '2606:4700:4700::1111', ip('2606:4700:4700::1111', 6)],
    ['an uncompressed IPv6 address, compressed', '2606:4700:4700:0:0:0:0:1111', ip('2606:4700:4700::1111', 6)],
    ['a bracketed IPv6 address with a port', '[2606:4700:4700::1111]:443', ip('2606:4700:4700::1111', 6)],
    ['an IPv6 URL between angle brackets', '<https://[2606:4700:4700::1111]/x>', ip('2606:4700:4700::1111', 6)],
    ['an IPv4-mapped IPv6 address of a public IP, as IPv4', '::ffff:8.8.8.8', ip('8.8.8.8', 4)],
    ['a bracketed IPv4-mapped address in hex, as IPv4', '[::ffff:808:808]', ip('8.8.8.8', 4)],
  ]))('%s', (_title, input, expected) => {
    expect(parseTarget(input)).toEqual({ ok: true, value: expected });
  });
});

describe('parseTarget refuses', () => {
  // Each refusal is a code and its data only, never the typed text; the Slack adapter words it (target-refusal.test.ts).
  test.each(REFUSED_ADDRESSES.map(([input, refusal]) => ({ title: shown(input), input, refusal })))('$title with $refusal.code', ({ input, refusal }) => {
    expect(parseTarget(input)).toEqual({ ok: false, error: refusal });
  });
});

// Defender writes IPv6 compressed (RFC 5952) in its tables and indicators (defender-api.md §8), so
// every spelling of one address must become that one target value.
describe('parseTarget gives every spelling of an address, host or URL one value', () => {
  test.each([
    ['2620:1ec:bdf:0:0:0:0:40'],
    ['2620:01EC:0BDF:0000:0000:0000:0000:0040'],
    ['2620:1ec:bdf::40'],
    ['2620:1ec:bdf:0::0:40'],
    ['[2620:1ec:bdf::40]'],
    ['https://[2620:1ec:bdf:0:0:0:0:40]/portal'],
    ['http://[2620:1EC:BDF::40]:8080'],
    ['<https://[2620:1ec:bdf:0:0:0:0:40]/x|label>'],
  ])('%s is 2620:1ec:bdf::40', (input) => {
    expect(parseTarget(input)).toEqual({ ok: true, value: ip('2620:1ec:bdf::40', 6) });
  });

  test.each([['8.8.4.4'], ['::ffff:8.8.4.4'], ['[::ffff:808:404]'], ['http://8.8.4.4:80/'], ['<http://8.8.4.4/x>'], ['HTTPS://8.8.4.4:443']])('%s is 8.8.4.4', (input) => {
    expect(parseTarget(input)).toEqual({ ok: true, value: ip('8.8.4.4', 4) });
  });

  test.each([['logistics.contoso.com'], ['LOGISTICS.Contoso.com'], ['logistics.contoso.com.'], ['HTTPS://Logistics.Contoso.COM.:443/'], ['<https://logistics.contoso.com.>']])(
    '%s is logistics.contoso.com',
    (input) => {
      expect(parseTarget(input)).toEqual({ ok: true, value: logistics });
    },
  );

  test.each([['https://logistics.contoso.com/portal'], ['HTTPS://LOGISTICS.contoso.com:443/portal#top'], ['https://logistics.contoso.com./portal'], ['logistics.contoso.com/portal']])(
    '%s reports the URL https://logistics.contoso.com/portal',
    (input) => {
      expect(parseTarget(input)).toEqual({ ok: true, value: { ...logistics, url: 'https://logistics.contoso.com/portal' } });
    },
  );
});

// A Target promises a public IP, however the address is spelled.
describe('parseTarget keeps its public-IP promise for IPv6 spellings', () => {
  test.each([
    // The same address written ::10.0.0.1 is refused; the URL parser rewrites [::10.0.0.1] to [::a00:1],
    // which ipaddr.js files under its default "unicast" range (IPv4-compatible ::/96 has no range there).
    ['[::10.0.0.1]'],
    ['[::127.0.0.1]'],
    ['::a00:1'],
    ['4000::1'],
    ['::808:808'],
  ])('refuses %s, which is outside global unicast (2000::/3)', (input) => {
    expect(parseTarget(input)).toEqual({ ok: false, error: { code: 'non_public_ip', range: 'reserved' } });
  });

  it('refuses an interface zone id rather than dropping it (more in parse-target-escapes.test.ts)', () => {
    expect(parseTarget('2606:4700:4700::1111%eth0')).toEqual({ ok: false, error: { code: 'escape_in_host' } });
  });
});

describe('parseTarget tells hostnames from IP ranges and ports from schemes', () => {
  test.each([['a-b.de'], ['abc-def.de'], ['cafe.de/1'], ['dead-beef.com']])('accepts the hostname %s', (input) => {
    expect(parseTarget(input)).toMatchObject({ ok: true, value: { kind: 'host' } });
  });

  it('reads host:junk as an unparseable address, not a scheme', () => {
    expect(parseTarget('contoso.com:abc')).toEqual({ ok: false, error: { code: 'unparseable' } });
  });

  test.each([['a\u034fb.contoso.com'], ['a\u3164b.contoso.com'], ['a\u180eb.contoso.com'], ['soft\u00adhyphen.com']])(
    'refuses invisible characters the URL parser would drop (%j)',
    (input) => {
      expect(parseTarget(input)).toEqual({ ok: false, error: { code: 'control_characters' } });
    },
  );
});
