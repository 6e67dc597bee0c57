import { describe, expect, test } from 'vitest';
import { durationLabel, isoDurationLabel } from './duration-label.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('durationLabel', () => {
  test.each<[number, string]>([
    [DAY, '1 day'],
    [30 * DAY, '30 days'],
    [HOUR, '1 hour'],
    [8 * HOUR, '8 hours'],
    [36 * HOUR, '36 hours'],
    [48 * HOUR, '2 days'],
    [MINUTE, '1 minute'],
    [15 * MINUTE, '15 minutes'],
    [30 * MINUTE, '30 minutes'],
    [90 * MINUTE, '90 minutes'],
    [SECOND, '1 second'],
    [90 * SECOND, '90 seconds'],
    [1_500, '1.5 seconds'],
    [300, '0.3 seconds'],
  ])('%i ms is %j', (ms, label) => {
    expect(durationLabel(ms)).toBe(label);
  });
});

describe('isoDurationLabel', () => {
  test.each<[string, string | undefined]>([
    ['P1D', '1 day'],
    ['P7D', '7 days'],
    ['P30D', '30 days'],
    ['PT8H', '8 hours'],
    ['PT24H', '1 day'],
    ['PT15M', '15 minutes'],
    ['PT30M', '30 minutes'],
    ['PT60S', '1 minute'],
    ['P1W', '7 days'],
    ['p1d', '1 day'],
    ['P1M', undefined],
    ['PT0S', undefined],
    ['1 day', undefined],
    ['', undefined],
  ])('%j is %j', (iso, label) => {
    expect(isoDurationLabel(iso)).toBe(label);
  });
});
