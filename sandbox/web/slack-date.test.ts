import { describe, expect, test } from 'vitest';
import { ago, formatSlackDate } from './slack-date.ts';

// 2026-12-02T08:39:22Z, a Wednesday.
const AT = Date.UTC(2026, 11, 2, 8, 39, 22) / 1000;
const NOW = new Date('2026-12-02T12:00:00Z');

describe('formatSlackDate', () => {
  test.each([
    ['{date_num}', 'UTC', NOW, '2026-12-02'],
    ['{date}', 'UTC', NOW, 'December 2nd, 2026'],
    ['{date_short}', 'UTC', NOW, 'Dec 2, 2026'],
    ['{date_long}', 'UTC', NOW, 'Wednesday, December 2nd, 2026'],
    ['{time}', 'UTC', NOW, '8:39 AM'],
    ['{time_secs}', 'UTC', NOW, '8:39:22 AM'],
    ['{date_short_pretty} {time}', 'UTC', NOW, 'Today 8:39 AM'],
    ['{date_pretty}', 'UTC', new Date('2026-12-03T01:00:00Z'), 'Yesterday'],
    ['{date_long_pretty}', 'UTC', new Date('2026-12-01T23:00:00Z'), 'Tomorrow'],
    ['{date_short_pretty}', 'UTC', new Date('2026-12-09T12:00:00Z'), 'Dec 2, 2026'],
    // Said in the viewer's zone: 08:39 UTC is 21:39 the same day in Auckland (UTC+13 in December).
    ['{date_short_pretty} {time}', 'Pacific/Auckland', NOW, 'Yesterday 9:39 PM'],
    ['{time}', 'America/New_York', NOW, '3:39 AM'],
    ['{ago}', 'UTC', NOW, '3 hours ago'],
    ['at {unknown}', 'UTC', NOW, 'at {unknown}'],
  ])('%s in %s', (format, timeZone, now, expected) => {
    expect(formatSlackDate(AT, format, 'fallback', { now, timeZone })).toBe(expected);
  });

  test('the fallback when the timestamp is not a number', () => {
    expect(formatSlackDate('soon', '{date}', '2026-12-02', { now: NOW })).toBe('2026-12-02');
  });

  test.each([
    [-30, '30 seconds ago'],
    [-60, '1 minute ago'],
    [7200, 'in 2 hours'],
    [2 * 86_400 + 5, 'in 2 days'],
  ])('ago %d s', (offset, expected) => {
    expect(ago(new Date(NOW.getTime() + offset * 1000), NOW)).toBe(expected);
  });
});
