import { describe, expect, it } from 'vitest';
import { isWholeSecond, lastsUntil, laterToTheSecond, sameToTheSecond, toWholeSecond } from './whole-seconds.ts';

const at = (iso: string) => new Date(iso);

describe('whole seconds, as Defender keeps expirationTime', () => {
  it.each([
    ['2026-12-01T20:30:05.773Z', '2026-12-01T20:30:05.000Z'],
    ['2026-12-01T20:30:05.999Z', '2026-12-01T20:30:05.000Z'],
    ['2026-12-01T20:30:05.000Z', '2026-12-01T20:30:05.000Z'],
    ['1969-12-31T23:59:59.500Z', '1969-12-31T23:59:59.000Z'],
  ])('toWholeSecond(%s) = %s (down, never a longer allow)', (input, expected) => {
    expect(toWholeSecond(at(input)).toISOString()).toBe(expected);
    expect(isWholeSecond(toWholeSecond(at(input)))).toBe(true);
  });

  it.each([
    ['2026-12-01T20:30:05.773Z', '2026-12-01T20:30:05.000Z', true],
    ['2026-12-01T20:30:05.000Z', '2026-12-01T20:30:05.999Z', true],
    ['2026-12-01T20:30:05.000Z', '2026-12-01T20:30:06.000Z', false],
    ['2026-12-01T20:30:05.000Z', '2026-12-02T20:30:05.000Z', false],
  ])('sameToTheSecond(%s, %s) = %s', (a, b, expected) => {
    expect(sameToTheSecond(at(a), at(b))).toBe(expected);
    expect(sameToTheSecond(at(b), at(a))).toBe(expected);
  });

  it('treats "never expires" as equal only to itself', () => {
    expect(sameToTheSecond(null, null)).toBe(true);
    expect(sameToTheSecond(null, at('2026-12-01T20:30:05Z'))).toBe(false);
  });

  it.each([
    // Defender holds / recorded end / later than precision explains? / lasts until the end?
    ['2026-12-01T20:30:05.000Z', '2026-12-01T20:30:05.773Z', false, true],
    ['2026-12-01T20:30:05.000Z', '2026-12-01T20:30:05.000Z', false, true],
    ['2026-12-01T20:30:04.000Z', '2026-12-01T20:30:05.000Z', false, false],
    ['2026-12-01T20:30:06.000Z', '2026-12-01T20:30:05.000Z', true, true],
    ['2026-12-02T20:30:05.000Z', '2026-12-01T20:30:05.773Z', true, true],
  ])('Defender holds %s, the recorded end is %s: later %s, lasts %s', (held, end, later, lasts) => {
    expect(laterToTheSecond(at(held), at(end))).toBe(later);
    expect(lastsUntil(at(held), at(end))).toBe(lasts);
  });

  it('an indicator that never expires is later than any end and lasts past it', () => {
    expect(laterToTheSecond(null, at('2026-12-01T20:30:05Z'))).toBe(true);
    expect(lastsUntil(null, at('2026-12-01T20:30:05Z'))).toBe(true);
  });
});
