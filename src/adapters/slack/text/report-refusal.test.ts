import { describe, expect, test } from 'vitest';
import { MAX_REASON_LENGTH, parseReport, type ReportError } from '../../../domain/request/parse-report.ts';
import { reportRefusalText } from './report-refusal.ts';

const portal = 'https://logistics.contoso.com';
const USAGE =
  ':warning: Usage: `/portal-blocked &lt;url or hostname&gt; [what fails]`, for example ' +
  '`/portal-blocked https://logistics.contoso.com the shipping app fails since Monday`. Nothing was submitted.';

/** The refusal parseReport gives for `text`, which must be refused. */
function refusalOf(text: string): ReportError {
  const result = parseReport(text);
  if (result.ok) throw new Error(`${JSON.stringify(text)} was accepted`);
  return result.error;
}

describe('reportRefusalText', () => {
  test.each<[string, string, string]>([
    ['no text', '', USAGE],
    ['help', ' HELP ', USAGE],
    ['a reason over the maximum length', `${portal} ${'x'.repeat(MAX_REASON_LENGTH + 1)}`, ':warning: Please keep the description under 500 characters. Nothing was submitted.'],
    ['a NUL in the reason', `${portal} broken\u0000`, ':warning: The description contains control or invisible characters. Nothing was submitted.'],
    ['a bidi override in the reason', `${portal} \u202edetcerid`, ':warning: The description contains control or invisible characters. Nothing was submitted.'],
  ])('%s', (_case, text, expected) => {
    expect(reportRefusalText(refusalOf(text))).toBe(expected);
  });

  // Every address refusal's own words are tested in target-refusal.test.ts.
  test.each<[string, string, string]>([
    ['a wildcard', '*.contoso.com please', ':warning: Wildcards are not allowed: name the exact host that is blocked. Nothing was submitted.'],
    [
      'a private address',
      '10.0.0.10 the printer',
      ":warning: That is a private (internal) address. Defender only takes indicators for public IPs, so request the portal's hostname instead. Nothing was submitted.",
    ],
    [
      'an escape in the host',
      'https://con%74oso.com/portal broken',
      ":warning: That doesn't look like a URL, hostname or IP address (no % escapes or IPv6 zone ids in the host name). Nothing was submitted.",
    ],
  ])('tells an address refusal in the words of targetRefusalMessage: %s', (_case, text, expected) => {
    expect(reportRefusalText(refusalOf(text))).toBe(expected);
  });

  test('escapes &, < and > in what it says', () => {
    expect(reportRefusalText({ code: 'usage' })).toContain('`/portal-blocked &lt;url or hostname&gt; [what fails]`');
    expect(reportRefusalText({ code: 'usage' })).not.toContain('<url');
  });

  test('never echoes what was typed', () => {
    const typed = `${portal} <!channel> ${'x'.repeat(MAX_REASON_LENGTH)}`;
    expect(reportRefusalText(refusalOf(typed))).not.toContain('channel');
  });
});
