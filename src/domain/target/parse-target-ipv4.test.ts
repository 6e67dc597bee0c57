import { describe, expect, test } from 'vitest';
import { parseTarget } from './parse-target.ts';
import type { IpTarget } from './target.ts';

const ip = (address: string): IpTarget => ({ kind: 'ip', ip: address, version: 4 });

/** Prefixes each case with a title made of its description and its input. */
const named = <T>(cases: ReadonlyArray<readonly [string, string, T]>) => cases.map(([what, input, expected]) => [`${what}: ${JSON.stringify(input)}`, input, expected] as const);

// The WHATWG URL parser reads any host ending in a number as IPv4 and rewrites it silently:
// 013.107.006.152 (octal) becomes 11.107.6.152. An allow must be for the address the user wrote and
// the approver reads, so only the strict dotted quad is taken; every other spelling is refused.
describe('parseTarget takes IPv4 only as a strict dotted quad', () => {
  test.each(named([
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
  ]))('refuses %s', (_title, input, rewritten) => {
    expect(new URL(/^https?:/.test(input) || input.startsWith('<') ? input.replace(/^<|>$/g, '') : `https://${input}`).hostname).toBe(rewritten);
    const result = parseTarget(input);
    expect(result).toMatchObject({ ok: false, error: { code: 'ipv4_spelling' } });
    if (!result.ok) {
      expect(result.error.userMessage).toContain('four decimal numbers');
      expect(result.error.userMessage).not.toContain(rewritten);
    }
  });

  test.each(named([
    ['a dotted quad that is no address', '256.1.1.1', 'ipv4_spelling'],
    ['five parts', '1.2.3.4.5', 'ipv4_spelling'],
    ['an over-long octet in a URL', 'https://13.107.6.1520/', 'ipv4_spelling'],
    ['a private address with leading zeros', '010.000.000.001', 'ipv4_spelling'],
  ] as const))('refuses %s', (_title, input, code) => {
    expect(parseTarget(input)).toMatchObject({ ok: false, error: { code } });
  });

  test.each(named([
    ['a dotted quad', '13.107.6.152', '13.107.6.152'],
    ['zero octets written as 0', '13.107.0.1', '13.107.0.1'],
    ['the largest octets', '13.255.255.254', '13.255.255.254'],
    ['in a URL with a path', 'https://13.107.6.152/portal', '13.107.6.152'],
    ['in a URL with a port, path and query', 'http://13.107.6.152:8080/a?b=1', '13.107.6.152'],
    ['with a port', '13.107.6.152:443', '13.107.6.152'],
    ['in a URL with backslashes', 'https:\\\\13.107.6.152\\x', '13.107.6.152'],
    ['between angle brackets', '<https://13.107.6.152/x>', '13.107.6.152'],
  ]))('accepts %s', (_title, input, address) => {
    expect(parseTarget(input)).toEqual({ ok: true, value: ip(address) });
  });

  test.each([['1.2.3.4.contoso.com'], ['13.107.6.152.nip.io'], ['0x0d.contoso.com'], ['1password.com']])('a hostname with numeric labels is still a hostname: %s', (input) => {
    expect(parseTarget(input)).toMatchObject({ ok: true, value: { kind: 'host', host: input } });
  });
});
