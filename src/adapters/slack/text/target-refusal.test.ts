import { describe, expect, test } from 'vitest';
import { REFUSED_ADDRESSES, REFUSED_ESCAPES, REFUSED_IPV4_SPELLINGS } from '../../../../test/builders/refused-targets.ts';
import { parseTarget } from '../../../domain/target/parse-target.ts';
import type { NonPublicRange, TargetError, TargetErrorCode } from '../../../domain/target/target-error.ts';
import { targetRefusalMessage } from './target-refusal.ts';

const IPV4_SPELLING =
  'Write an IPv4 address as four decimal numbers from 0 to 255 without leading zeros, for example 20.190.151.7. ' +
  'Other spellings (leading zeros, hex, fewer parts, one big number) mean different addresses to different programs.';

const RANGE_WORDS: Record<NonPublicRange, string> = {
  private: 'a private (internal)',
  loopback: 'a loopback',
  link_local: 'a link-local',
  carrier_grade_nat: 'a carrier-grade NAT',
  unique_local: 'a unique-local (internal)',
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  reserved: 'a reserved',
};

/** Every refusal parseTarget can give (each code, each range), with its sentence, character for character. */
const SENTENCES: { readonly [C in TargetErrorCode]: ReadonlyArray<readonly [Extract<TargetError, { code: C }>, string]> } = {
  empty: [[{ code: 'empty' }, 'Tell me which portal is blocked, for example `/portal-blocked https://logistics.contoso.com`.']],
  too_long: [[{ code: 'too_long', maxLength: 2048 }, 'That address is longer than 2048 characters.']],
  control_characters: [[{ code: 'control_characters' }, 'That address contains control or invisible characters.']],
  wildcard: [[{ code: 'wildcard' }, 'Wildcards are not allowed: name the exact host that is blocked.']],
  ip_range: [[{ code: 'ip_range' }, 'IP ranges and CIDR blocks are not allowed: Defender indicators take one address, so name the exact host or IP.']],
  unsupported_scheme: [[{ code: 'unsupported_scheme' }, 'Only web addresses (http or https) can be unblocked.']],
  escape_in_host: [[{ code: 'escape_in_host' }, "That doesn't look like a URL, hostname or IP address (no % escapes or IPv6 zone ids in the host name)."]],
  unparseable: [[{ code: 'unparseable' }, "That doesn't look like a URL, hostname or IP address."]],
  userinfo: [[{ code: 'userinfo' }, 'Addresses with a user name or password (user@host) are not allowed.']],
  invalid_ip: [[{ code: 'invalid_ip' }, "That doesn't look like a valid IP address."]],
  invalid_hostname: [[{ code: 'invalid_hostname', maxLength: 253 }, 'That hostname is not valid (letters, digits and hyphens only, at most 253 characters).']],
  single_label: [[{ code: 'single_label' }, 'Give the full hostname of the portal, for example logistics.contoso.com.']],
  public_suffix: [[{ code: 'public_suffix' }, 'That is a public suffix shared by many unrelated sites, so it can never be allowed. Name the exact host of the portal.']],
  non_public_ip: Object.entries(RANGE_WORDS).map(([range, words]) => [
    { code: 'non_public_ip', range: range as NonPublicRange },
    `That is ${words} address. Defender only takes indicators for public IPs, so request the portal's hostname instead.`,
  ]),
  broken_escape: [[{ code: 'broken_escape' }, 'A % in the path or query must start an escape of two hex digits, such as %20 or %2F.']],
  ipv4_spelling: [[{ code: 'ipv4_spelling' }, IPV4_SPELLING]],
};

const EVERY_REFUSAL: ReadonlyArray<readonly [TargetError, string]> = Object.values(SENTENCES).flat();

/** The sentence SENTENCES lists for `error` (same code and data). */
function sentenceFor(error: TargetError): string {
  const row = EVERY_REFUSAL.find(([listed]) => JSON.stringify(listed) === JSON.stringify(error));
  if (row === undefined) throw new Error(`no sentence listed for ${JSON.stringify(error)}`);
  return row[1];
}

/** The refusal parseTarget gives for `input`, which it must refuse. */
function refusalOf(input: string): TargetError {
  const result = parseTarget(input);
  if (result.ok) throw new Error(`${JSON.stringify(input)} was accepted`);
  return result.error;
}

/** What parseTarget says about `input`, which it must refuse, in words. */
const wordsFor = (input: string) => targetRefusalMessage(refusalOf(input));

/** A test name that stays readable for very long or invisible inputs. */
const shown = (input: string) => (input.length > 60 ? `${JSON.stringify(input.slice(0, 24))}… (${input.length} characters)` : JSON.stringify(input));

describe('targetRefusalMessage', () => {
  test.each(EVERY_REFUSAL.map(([error, sentence]) => [JSON.stringify(error), error, sentence] as const))('words %s', (_title, error, sentence) => {
    expect(targetRefusalMessage(error)).toBe(sentence);
  });

  test('names every kind of non-public address', () => {
    expect(SENTENCES.non_public_ip.map(([error]) => error.range).sort()).toEqual(Object.keys(RANGE_WORDS).sort());
  });

  const typedAddresses = [...REFUSED_ADDRESSES.map(([input]) => input), ...REFUSED_ESCAPES.map(([, input]) => input)];

  test.each(typedAddresses.map((input) => [shown(input), input] as const))('tells %s in its exact words, which do not echo it', (_title, input) => {
    const refusal = refusalOf(input);
    const words = targetRefusalMessage(refusal);
    expect(words).toBe(sentenceFor(refusal));
    // "com" is part of the example address the messages show, so it proves nothing either way.
    const typed = input.trim();
    if (typed !== '' && !'logistics.contoso.com'.includes(typed)) expect(words).not.toContain(typed);
  });

  test('says where escapes may go', () => {
    expect(wordsFor('https://con%74oso.com/portal')).toContain('no % escapes or IPv6 zone ids in the host name');
    expect(wordsFor('https://logistics.contoso.com/a%zz')).toContain('two hex digits, such as %20 or %2F');
  });

  test.each(REFUSED_IPV4_SPELLINGS.map(([what, input, rewritten]) => [`${what}: ${JSON.stringify(input)}`, input, rewritten] as const))(
    'asks for four decimal numbers for %s, never naming the address the parser would make of it',
    (_title, input, rewritten) => {
      const words = wordsFor(input);
      expect(words).toBe(IPV4_SPELLING);
      expect(words).toContain('four decimal numbers');
      expect(words).not.toContain(rewritten);
      expect(words).not.toContain(input);
    },
  );
});
