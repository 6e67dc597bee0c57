import { describe, expect, test } from 'vitest';
import { windowBackTo } from './verify-allow.ts';

const SINCE = new Date('2026-11-26T09:00:01.773Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(SINCE.getTime() + ms);

describe('windowBackTo: the hunt window of a check after activation', () => {
  test.each<[string, Date, string]>([
    ['2 hours after: 2 hours and one for clock skew', at(2 * HOUR), 'PT3H'],
    ['2 hours and a minute after: whole hours up', at(2 * HOUR + 60_000), 'PT4H'],
    ['the second check, 22 hours after the first', at(22 * HOUR), 'PT23H'],
    ['the same instant (a clock behind): at least one hour', SINCE, 'PT1H'],
    ['40 days later (the reconciler was down): Defender’s 30 days at most', at(40 * 24 * HOUR), 'PT720H'],
  ])('%s', (_case, now, iso) => {
    const window = windowBackTo(SINCE, now);
    expect(window.iso).toBe(iso);
    expect(window.ms).toBe(Number(iso.slice(2, -1)) * HOUR);
  });
});
