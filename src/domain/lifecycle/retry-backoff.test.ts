import { describe, expect, test } from 'vitest';
import { retryDelayMs } from './retry-backoff.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const CAP = 15 * MINUTE;
/** The largest double below 1, the top of Math.random()'s range. */
const ALMOST_ONE = 1 - Number.EPSILON / 2;

describe('retryDelayMs', () => {
  test.each([
    [0, 30 * SECOND],
    [1, 30 * SECOND],
    [2, 60 * SECOND],
    [3, 2 * MINUTE],
    [4, 4 * MINUTE],
    [5, 8 * MINUTE],
    [6, CAP],
    [7, CAP],
  ])('attempt %i without jitter (random 0.5) → %i ms', (attempt, expected) => {
    expect(retryDelayMs(attempt, undefined, 0.5)).toBe(expected);
  });

  test.each([
    [1, 0, 24 * SECOND],
    [1, ALMOST_ONE, 36 * SECOND],
    [3, 0, 96 * SECOND],
    [3, ALMOST_ONE, 144 * SECOND],
    [10, 0, 0.8 * CAP],
    [10, ALMOST_ONE, 1.2 * CAP],
  ])('attempt %i with random %d → %i ms (±20 %% jitter)', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, undefined, random)).toBe(expected);
  });

  test('jitter stays within ±20 % across the range of random', () => {
    for (let i = 0; i < 100; i++) {
      const delay = retryDelayMs(2, undefined, i / 100);
      expect(delay).toBeGreaterThanOrEqual(0.8 * 60 * SECOND);
      expect(delay).toBeLessThanOrEqual(1.2 * 60 * SECOND);
    }
  });

  test.each([
    ['Retry-After longer than the backoff wins', 1, 120, 0.5, 120 * SECOND],
    ['Retry-After wins even over the highest jitter', 1, 37, ALMOST_ONE, 37 * SECOND],
    ['Retry-After longer than the cap wins', 20, 3600, 0.5, 3600 * SECOND],
    ['backoff longer than Retry-After wins', 3, 10, 0.5, 2 * MINUTE],
    ['Retry-After 0 leaves the backoff', 2, 0, 0.5, 60 * SECOND],
    ['Retry-After equal to the backoff', 2, 60, 0.5, 60 * SECOND],
  ])('%s', (_name, attempt, retryAfter, random, expected) => {
    expect(retryDelayMs(attempt, retryAfter, random)).toBe(expected);
  });

  test.each([31, 64, 1_000, 1_100, 10_000, Number.MAX_SAFE_INTEGER])('attempt %i stays at the cap', (attempt) => {
    const delay = retryDelayMs(attempt, undefined, 0.5);
    expect(Number.isFinite(delay)).toBe(true);
    expect(delay).toBe(CAP);
  });
});
