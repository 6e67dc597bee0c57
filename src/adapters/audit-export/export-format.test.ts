import { describe, expect, test } from 'vitest';
import { parseExportArguments } from './export-arguments.ts';
import { csvCell } from './export-format.ts';

describe('csvCell: RFC 4180 quoting, formula cells defused (OWASP CSV Injection)', () => {
  test.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+41 79 000', "'+41 79 000"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['a=b', 'a=b'],
  ])('%j → %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });
});

describe('parseExportArguments', () => {
  test('a date is midnight UTC; an instant keeps its offset; jsonl by default', () => {
    expect(parseExportArguments(['--since', '2026-11-01', '--until', '2026-11-26T10:00:00+01:00'])).toEqual({
      ok: true,
      value: { since: new Date('2026-11-01T00:00:00.000Z'), until: new Date('2026-11-26T09:00:00.000Z'), format: 'jsonl' },
    });
    expect(parseExportArguments(['--since=2026-11-01T09:00Z', '--format', 'csv'])).toMatchObject({ ok: true, value: { format: 'csv', until: undefined } });
  });

  test.each([
    [['--since', '2026-13-01'], '--since: "2026-13-01" is not a calendar date'],
    [['--since', '2026-11-01', '--until', '2026-10-31'], '--until must be after --since (it is exclusive)'],
    [['--since', '1700000000'], '--since: "1700000000" is not an ISO-8601 date (2026-11-26) or instant (2026-11-26T09:00:00Z)'],
    [['--since', '2026-11-26T09:00:00.0000001Z'], '--since: "2026-11-26T09:00:00.0000001Z" is finer than a millisecond, which the audit trail keeps: use at most three decimals'],
    [['--since', '2026-11-01', 'extra'], expect.stringContaining("Unexpected argument 'extra'")],
    [['--since', '2026-11-01', '--since', '2026-10-01'], '--since is given more than once: give it once'],
    [['--since=2026-11-01', '--format', 'csv', '--format=jsonl'], '--format is given more than once: give it once'],
  ])('refuses %j', (argv, problem) => {
    const parsed = parseExportArguments(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems).toContainEqual(problem);
  });

  test('--help asks for the usage', () => {
    expect(parseExportArguments(['--help'])).toEqual({ ok: false, help: true, problems: [] });
  });
});
