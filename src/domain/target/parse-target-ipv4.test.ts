import { describe, expect, test } from 'vitest';
import { REFUSED_IPV4_SPELLINGS } from '../../../test/builders/refused-targets.ts';
import { parseTarget } from './parse-target.ts';
import type { IpTarget } from './target.ts';

const ip = (address: string): IpTarget => ({ kind: 'ip', ip: address, version: 4 });

/** Prefixes each case with a title made of its description and its input. */
const named = <T>(cases: ReadonlyArray<readonly [string, string, T]>) => cases.map(([what, input, expected]) => [`${what}: ${JSON.stringify(input)}`, input, expected] as const);

// The WHATWG URL parser reads any host ending in a number as IPv4 and rewrites it silently:
// 013.107.006.152 (octal) becomes 11.107.6.152. An allow must be for the address the user wrote and
// the approver reads, so only the strict dotted quad is taken; every other spelling is refused.
describe('parseTarget takes IPv4 only as a strict dotted quad', () => {
  // The refusal is a code only, never the address typed or the one the parser would make of it;
  // the Slack adapter words it (target-refusal.test.ts).
  test.each(named(REFUSED_IPV4_SPELLINGS))('refuses %s', (_title, input, rewritten) => {
    expect(new URL(/^https?:/.test(input) || input.startsWith('<') ? input.replace(/^<|>$/g, '') : `https://${input}`).hostname).toBe(rewritten);
    expect(parseTarget(input)).toEqual({ ok: false, error: { code: 'ipv4_spelling' } });
  });

  test.each(named([
    ['a dotted quad that is no address', '256.1.1.1', 'ipv4_spelling'],
    ['five parts', '1.2.3.4.5', 'ipv4_spelling'],
    ['an over-long octet in a URL', 'https://13.107.6.1520/', 'ipv4_spelling'],
    ['a private address with leading zeros', '010.000.000.001', 'ipv4_spelling'],
  ] as const))('refuses %s', (_title, input, code) => {
    expect(parseTarget(input)).toEqual({ ok: false, error: { code } });
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
