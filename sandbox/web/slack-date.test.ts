import { describe, expect, test } from 'vitest';
import { ago, dayDivider, dayKey, formatSlackDate, messageTime } from './slack-date.ts';

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

describe('message times and day dividers, against the sandbox clock', () => {
  // The sandbox's today is Wednesday 2 December 2026 (UTC).
  test.each([
    ['2026-12-02T11:31:00Z', '11:31 AM', 'Today'],
    ['2026-12-01T11:31:00Z', 'Dec 1, 11:31 AM', 'Yesterday'],
    ['2026-11-30T16:05:00Z', 'Nov 30, 4:05 PM', 'Monday, November 30th'],
    ['2026-12-04T09:00:00Z', 'Dec 4, 9:00 AM', 'Friday, December 4th'],
    ['2025-12-02T11:31:00Z', 'Dec 2, 2025, 11:31 AM', 'Tuesday, December 2nd, 2025'],
  ])('%s: "%s" under "%s"', (iso, time, divider) => {
    expect(messageTime(iso, { now: NOW, timeZone: 'UTC' })).toBe(time);
    expect(dayDivider(iso, { now: NOW, timeZone: 'UTC' })).toBe(divider);
  });

  test('a day is said in the viewer zone', () => {
    // 23:30 UTC on the 1st is already the 2nd in Paris.
    expect(messageTime('2026-12-01T23:30:00Z', { now: NOW, timeZone: 'Europe/Paris' })).toBe('12:30 AM');
    expect(dayKey('2026-12-01T23:30:00Z', { timeZone: 'Europe/Paris' })).toBe(dayKey('2026-12-02T12:00:00Z', { timeZone: 'Europe/Paris' }));
  });
});
