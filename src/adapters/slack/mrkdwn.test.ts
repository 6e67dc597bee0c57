import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { code, escapeText, mention, quote } from './mrkdwn.ts';

const RUNS = { numRuns: 10_000, seed: 20261126 } as const;

/** Characters Slack gives meaning to, plus whitespace that code() and quote() treat specially. */
const SPECIAL = ['<', '>', '&', '|', '!', '@', '#', '`', '*', '_', '~', ';', 'a', 'm', 'p', 'l', 't', 'g', '\n', '\r', ' ', '\t'];

const anyString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...SPECIAL) }),
  fc.string({ unit: fc.oneof(fc.constantFrom('&amp;', '&lt;', '&gt;', '<!channel>', '<@U123>', '<https://evil.example|ok>'), fc.constantFrom(...SPECIAL)) }),
);

/** Reverses Slack's three entities; `&amp;` last would double-decode, so decode in one pass. */
const unescape = (text: string) => text.replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name]!);

/** Every `&` starts one of the three entities Slack decodes. */
const onlyEntities = (text: string) => !/&(?!amp;|lt;|gt;)/.test(text);

const hostile = ['<https://evil.example|logistics.contoso.com>', '<!channel>', '<!here>', '<@U123>', '<#C123>', '<!subteam^S123>'];

describe('escapeText', () => {
  test.each(hostile)('renders %s as plain text', (text) => {
    const escaped = escapeText(text);
    expect(escaped).not.toContain('<');
    expect(escaped).not.toContain('>');
    expect(unescape(escaped)).toBe(text);
  });

  test('never leaves a raw angle bracket or a stray ampersand, and round-trips', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const escaped = escapeText(s);
        expect(escaped).not.toMatch(/[<>]/);
        expect(onlyEntities(escaped)).toBe(true);
        expect(unescape(escaped)).toBe(s);
      }),
      RUNS,
    );
  });

  test('escapes an existing entity rather than trusting it', () => {
    expect(escapeText('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
  });
});

describe('code', () => {
  test.each(hostile)('renders %s inside one code span', (text) => {
    const rendered = code(text);
    expect(rendered).not.toMatch(/[<>]/);
    expect(rendered.startsWith('`') && rendered.endsWith('`')).toBe(true);
  });

  test('stays one code span on one line, with nothing Slack would parse', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const rendered = code(s);
        expect(rendered).not.toMatch(/[<>\n]/);
        expect(onlyEntities(rendered)).toBe(true);
        expect(rendered.match(/`/g)).toHaveLength(2);
        expect(rendered.startsWith('`') && rendered.endsWith('`')).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('quote', () => {
  test.each(hostile)('renders %s as a quoted line', (text) => {
    const rendered = quote(text);
    expect(rendered.startsWith('>')).toBe(true);
    expect(rendered.slice(1)).not.toMatch(/[<>]/);
  });

  test('quotes every line, with no angle bracket but the quote markers, and round-trips', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const lines = quote(s).split('\n');
        expect(lines.every((line) => line.startsWith('>'))).toBe(true);
        const bodies = lines.map((line) => line.slice(1));
        for (const body of bodies) {
          expect(body).not.toMatch(/[<>]/);
          expect(onlyEntities(body)).toBe(true);
        }
        expect(unescape(bodies.join('\n'))).toBe(s);
      }),
      RUNS,
    );
  });
});

describe('mention', () => {
  test.each([
    ['U0ABC123', '<@U0ABC123>'],
    ['W0ABC123', '<@W0ABC123>'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U0ABC123>', '&lt;@U0ABC123&gt;'],
    ['U0ABC123> <!here', 'U0ABC123&gt; &lt;!here'],
    ['u0abc123', 'u0abc123'],
  ])('renders %j as %j', (userId, rendered) => {
    expect(mention(userId)).toBe(rendered);
  });
});
