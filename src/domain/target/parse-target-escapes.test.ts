import { describe, expect, test } from 'vitest';
import { MAX_TARGET_INPUT, parseTarget, type TargetErrorCode } from './parse-target.ts';
import type { HostTarget } from './target.ts';

const logistics = (url: string | null): HostTarget => ({
  kind: 'host',
  host: 'logistics.contoso.com',
  registrableDomain: 'contoso.com',
  coversSubdomains: false,
  internationalized: false,
  url,
});

/** Prefixes each case with a title made of its description and its input. */
const named = <T>(cases: ReadonlyArray<readonly [string, string, T]>) => cases.map(([what, input, expected]) => [`${what}: ${JSON.stringify(input)}`, input, expected] as const);

const RETURN_URL = 'https://logistics.contoso.com/portal/login?ReturnUrl=%2Fportal%2Fhome';

// Addresses pasted from a browser carry % escapes in their path and query. Those are taken, in one
// form (canonical-value.ts: RFC 3986 §6.2.2). In the host, user info or an IPv6 zone id the URL
// parser would decode or drop them, so there they are refused: the host is only taken as written.
describe('parseTarget takes % escapes in the path and query', () => {
  test.each(named([
    ['an escaped ReturnUrl in the query', RETURN_URL, logistics(RETURN_URL)],
    ['the same in lower-case hex', 'https://logistics.contoso.com/portal/login?ReturnUrl=%2fportal%2fhome', logistics(RETURN_URL)],
    ['the same without a scheme', 'logistics.contoso.com/portal/login?ReturnUrl=%2Fportal%2fhome', logistics(RETURN_URL)],
    ['the same between angle brackets', `<${RETURN_URL}>`, logistics(RETURN_URL)],
    ['an escaped space in the path', 'https://logistics.contoso.com/sites/Shipping%20Team/Forms', logistics('https://logistics.contoso.com/sites/Shipping%20Team/Forms')],
    ['an escaped unreserved character, decoded', 'https://logistics.contoso.com/%7Eops/%41pp', logistics('https://logistics.contoso.com/~ops/App')],
    ['an escaped slash, kept', 'https://logistics.contoso.com/files/a%2fb', logistics('https://logistics.contoso.com/files/a%2Fb')],
    ['an escaped percent sign, kept', 'https://logistics.contoso.com/report?share=10%25', logistics('https://logistics.contoso.com/report?share=10%25')],
    ['a broken escape in the fragment, which is dropped', 'https://logistics.contoso.com/portal#100%', logistics('https://logistics.contoso.com/portal')],
  ]))('%s', (_title, input, expected) => {
    expect(parseTarget(input)).toEqual({ ok: true, value: expected });
  });

  test('gives one URL for every spelling of the same escapes', () => {
    const spellings = [
      'https://logistics.contoso.com/sites/Shipping%20Team/%7eforms?ReturnUrl=%2fhome',
      'HTTPS://LOGISTICS.contoso.com:443/sites/Shipping%20Team/~forms?ReturnUrl=%2Fhome#x',
      'logistics.contoso.com./sites/Shipping Team/%7Eforms?ReturnUrl=%2F%68ome',
    ];
    const urls = spellings.map((s) => {
      const parsed = parseTarget(s);
      return parsed.ok && parsed.value.kind === 'host' ? parsed.value.url : `refused: ${s}`;
    });
    expect(urls).toEqual(spellings.map(() => 'https://logistics.contoso.com/sites/Shipping%20Team/~forms?ReturnUrl=%2Fhome'));
  });
});

describe('parseTarget refuses % escapes outside the path and query', () => {
  const refusals: ReadonlyArray<readonly [string, string, TargetErrorCode]> = [
    ['an escaped letter in the host', 'https://con%74oso.com/portal', 'unparseable'],
    ['an escaped host without a scheme', 'logistics.con%74oso.com', 'unparseable'],
    ['an escaped dot in the host', 'https://logistics%2Econtoso.com/', 'unparseable'],
    ['an escaped slash that would end the host', 'logistics.contoso.com%2Fportal', 'unparseable'],
    ['escaped slashes after the scheme', 'https:%2F%2Flogistics.contoso.com/x', 'unparseable'],
    ['an escape in the user info', 'https://us%65r@contoso.com/x', 'unparseable'],
    ['an escape in the port', 'https://logistics.contoso.com:%3443/x', 'unparseable'],
    ['an IPv6 zone id', 'fe80::1%eth0', 'unparseable'],
    ['a public IPv6 address with a zone id', '2606:4700:4700::1111%eth0', 'unparseable'],
    ['a bracketed zone id', '[2606:4700:4700::1111%25eth0]', 'unparseable'],
    ['a zone id in a URL', 'http://[2606:4700:4700::1111%25eth0]/portal', 'unparseable'],
    ['a % with no hex digits in the path', 'https://logistics.contoso.com/a%zz', 'unparseable'],
    ['a % with one hex digit in the query', 'https://logistics.contoso.com/a?share=%4', 'unparseable'],
    ['a lone % at the end', 'https://logistics.contoso.com/100%', 'unparseable'],
    ['escapes of another scheme', 'javascript:alert(%22x%22)', 'unsupported_scheme'],
  ];

  test.each(named(refusals.map(([what, input, code]) => [what, input, code] as const)))('%s', (_title, input, code) => {
    const result = parseTarget(input);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (result.ok) return;
    expect(result.error.userMessage).not.toContain(input);
  });

  test('says where escapes may go', () => {
    expect(parseTarget('https://con%74oso.com/portal')).toMatchObject({ ok: false, error: { userMessage: expect.stringContaining('no % escapes or IPv6 zone ids in the host name') } });
    expect(parseTarget('https://logistics.contoso.com/a%zz')).toMatchObject({ ok: false, error: { userMessage: expect.stringContaining('two hex digits, such as %20 or %2F') } });
  });

  test('counts the escaped URL against the length limit', () => {
    // 700 typed characters, each written by the URL parser as six (`ä` → `%C3%A4`).
    const typed = `https://logistics.contoso.com/${'ä'.repeat(700)}`;
    expect(typed.length).toBeLessThan(MAX_TARGET_INPUT);
    expect(parseTarget(typed)).toMatchObject({ ok: false, error: { code: 'too_long' } });
  });
});
