import { describe, expect, test } from 'vitest';
import { parseTarget } from '../target/parse-target.ts';
import { MAX_REASON_LENGTH, parseReport } from './parse-report.ts';

const portal = 'https://logistics.contoso.com';
const logistics = { kind: 'host', host: 'logistics.contoso.com', registrableDomain: 'contoso.com' };

describe('parseReport', () => {
  // The words are the Slack adapter's (text/report-refusal.test.ts); the domain says which refusal.
  test.each([[''], ['   '], ['help'], [' HELP ']])('answers %j with the usage refusal', (text) => {
    expect(parseReport(text)).toEqual({ ok: false, error: { code: 'usage' } });
  });

  test.each([
    ['an address alone', portal, ''],
    ['an address and a one-word reason', `${portal} broken`, 'broken'],
    ['an address and a multi-word reason', `${portal}   the shipping app fails since Monday  `, 'the shipping app fails since Monday'],
    ['a reason over several lines', `${portal} line one\nline two\n\tindented`, 'line one\nline two\n\tindented'],
    ['an address on its own line', `${portal}\nthe shipping app fails`, 'the shipping app fails'],
    ['a reason of exactly the maximum length', `${portal} ${'x'.repeat(MAX_REASON_LENGTH)}`, 'x'.repeat(MAX_REASON_LENGTH)],
  ])('splits %s', (_case, text, reason) => {
    expect(parseReport(text)).toMatchObject({ ok: true, value: { target: logistics, reason, typedTarget: portal } });
  });

  test('keeps the address as typed, for the audit trail', () => {
    const typed = '<https://logistics.contoso.com>';
    expect(parseReport(`${typed} fails`)).toMatchObject({ ok: true, value: { target: logistics, typedTarget: typed } });
  });

  test('keeps the characters of the reason as they are (plain text: no entity means anything here)', () => {
    expect(parseReport(`${portal} R&D <3 &amp; &lt;b&gt;`)).toMatchObject({ ok: true, value: { reason: 'R&D <3 &amp; &lt;b&gt;' } });
  });

  test.each([
    ['a reason over the maximum length', `${portal} ${'x'.repeat(MAX_REASON_LENGTH + 1)}`, 'reason_too_long'],
    ['a NUL in the reason', `${portal} broken\u0000`, 'reason_control_characters'],
    ['an escape sequence in the reason', `${portal} \u001b[31mred`, 'reason_control_characters'],
    ['a zero-width space in the reason', `${portal} bro\u200bken`, 'reason_control_characters'],
    ['a bidi override in the reason', `${portal} \u202edetcerid`, 'reason_control_characters'],
  ])('refuses %s', (_case, text, code) => {
    expect(parseReport(text)).toMatchObject({ ok: false, error: { code } });
  });

  test('says how long a description may be', () => {
    expect(parseReport(`${portal} ${'x'.repeat(MAX_REASON_LENGTH + 1)}`)).toEqual({ ok: false, error: { code: 'reason_too_long', maxLength: MAX_REASON_LENGTH } });
  });

  test.each([['*.contoso.com please'], ['10.0.0.10 the printer'], ['intranet down'], ['ftp://contoso.com files']])(
    'passes the target refusal through for %j',
    (text) => {
      const typed = text.split(' ')[0]!;
      expect(parseReport(text)).toEqual(parseTarget(typed));
    },
  );

  // Slack's `<url|label>` markup is unwrapped by the Slack adapter (slack-text.ts) before parsing;
  // here it is text someone typed, and the first word of it is no address.
  test('does not read Slack link markup: a `<url|label with spaces>` is refused, not taken as the address', () => {
    expect(parseReport('<https://x.contoso.com|the shipping portal> broken since Monday')).toMatchObject({
      ok: false,
      error: { code: 'unparseable' },
    });
  });
});
