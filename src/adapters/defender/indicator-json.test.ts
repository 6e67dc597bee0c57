import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IndicatorJson, utcInstant } from './indicator-json.ts';

describe('instants Defender writes', () => {
  // The bot's own time zone must not matter: run these as a process in Berlin (UTC+1 in December).
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  test('the process really runs in Berlin time here', () => {
    expect(new Date('2026-12-01T20:30:05').toISOString()).toBe('2026-12-01T19:30:05.000Z');
  });

  test.each([
    ['2026-12-01T20:30:05Z', '2026-12-01T20:30:05.000Z'],
    ['2026-12-01T20:30:05.0Z', '2026-12-01T20:30:05.000Z'],
    ['2026-12-01T21:30:05+01:00', '2026-12-01T20:30:05.000Z'],
    // No offset: UTC, whatever TZ the bot runs with.
    ['2026-12-01T20:30:05', '2026-12-01T20:30:05.000Z'],
    ['2026-12-01T20:30:05.9139216', '2026-12-01T20:30:05.913Z'],
  ])('%s is %s', (text, iso) => {
    expect(utcInstant(text).toISOString()).toBe(iso);
  });

  test('an indicator\'s expirationTime is read as UTC', () => {
    const parsed = IndicatorJson.parse({ id: 7, indicatorValue: 'a.contoso.com', indicatorType: 'DomainName', action: 'Allowed', expirationTime: '2026-12-01T20:30:05' });
    expect(parsed.expiresAt?.toISOString()).toBe('2026-12-01T20:30:05.000Z');
  });
});
