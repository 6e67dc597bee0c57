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

  test('an address refusal is told in its own words, escaped', () => {
    const error = refusalOf('*.contoso.com please');
    expect(error.code).toBe('wildcard');
    expect(reportRefusalText(error)).toMatch(/^:warning: Wildcards are not allowed.* Nothing was submitted\.$/);
  });

  test('escapes &, < and > in what it says', () => {
    expect(reportRefusalText({ code: 'unparseable', userMessage: 'R&D <portal> is not an address.' })).toBe(
      ':warning: R&amp;D &lt;portal&gt; is not an address. Nothing was submitted.',
    );
  });

  test('never echoes what was typed', () => {
    const typed = `${portal} <!channel> ${'x'.repeat(MAX_REASON_LENGTH)}`;
    expect(reportRefusalText(refusalOf(typed))).not.toContain('channel');
  });
});
