import { describe, expect, test } from 'vitest';
import { REFUSED_ESCAPES } from '../../../test/builders/refused-targets.ts';
import { MAX_TARGET_INPUT, parseTarget } from './parse-target.ts';
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
  // Each refusal is a code only, never the typed text; the Slack adapter words it (target-refusal.test.ts).
  test.each(named(REFUSED_ESCAPES))('%s', (_title, input, refusal) => {
    expect(parseTarget(input)).toEqual({ ok: false, error: refusal });
  });

  test('counts the escaped URL against the length limit', () => {
    // 700 typed characters, each written by the URL parser as six (`ä` → `%C3%A4`).
    const typed = `https://logistics.contoso.com/${'ä'.repeat(700)}`;
    expect(typed.length).toBeLessThan(MAX_TARGET_INPUT);
    expect(parseTarget(typed)).toEqual({ ok: false, error: { code: 'too_long', maxLength: MAX_TARGET_INPUT } });
  });
});
