import { describe, expect, test } from 'vitest';
import type { AllowDuration } from './allow-duration.ts';
import { chooseDuration, durationChoices, parseAllowDuration } from './allow-duration.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Parses a duration the test knows to be valid. */
function duration(iso: string): AllowDuration {
  const result = parseAllowDuration(iso);
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

const isos = (durations: readonly AllowDuration[]) => durations.map((d) => d.iso);

describe('parseAllowDuration', () => {
  test.each([
    ['PT8H', 8 * HOUR],
    ['P1D', DAY],
    ['P7D', 7 * DAY],
    ['P30D', 30 * DAY],
    ['P1W', 7 * DAY],
    ['PT90M', 90 * 60_000],
    ['PT1H', HOUR],
    [' p1d ', DAY],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseAllowDuration(text)).toEqual({ ok: true, value: { iso: text.trim().toUpperCase(), ms } });
  });

  test.each([
    ['P1M', 'calendar_units'],
    ['P1Y', 'calendar_units'],
    ['P1Y2D', 'calendar_units'],
    ['garbage', 'not_a_duration'],
    ['', 'not_a_duration'],
    ['P', 'not_a_duration'],
    ['PT', 'not_a_duration'],
    ['P1DT', 'not_a_duration'],
    ['xxP1Dyy', 'not_a_duration'],
    ['P0D', 'not_positive'],
    ['PT0S', 'not_positive'],
    ['1D', 'not_a_duration'],
  ])('refuses %j (%s)', (text, code) => {
    const result = parseAllowDuration(text);
    expect(result.ok ? null : result.error.code).toBe(code);
  });
});

describe('durationChoices', () => {
  test.each([
    ['P30D', ['PT8H', 'P1D', 'P3D', 'P7D', 'P30D'], 'P1D'],
    ['P7D', ['PT8H', 'P1D', 'P3D', 'P7D'], 'P1D'],
    ['P14D', ['PT8H', 'P1D', 'P3D', 'P7D', 'P14D'], 'P1D'],
    ['P2D', ['PT8H', 'P1D', 'P2D'], 'P1D'],
    ['P1D', ['PT8H', 'P1D'], 'P1D'],
    ['PT4H', ['PT4H'], 'PT4H'],
    ['PT12H', ['PT8H', 'PT12H'], 'PT12H'],
  ])('with a maximum of %s offers %j, preselecting %s', (max, offered, initial) => {
    const choices = durationChoices(duration(max));
    expect(isos(choices.options)).toEqual(offered);
    expect(choices.initial.iso).toBe(initial);
  });

  test('offers a configured P1W maximum once, as the standard P7D', () => {
    expect(isos(durationChoices(duration('P1W')).options)).toEqual(['PT8H', 'P1D', 'P3D', 'P7D']);
  });
});

describe('chooseDuration', () => {
  const choices = durationChoices(duration('P7D'));

  test('keeps the preselected duration when the approver did not pick one', () => {
    expect(chooseDuration(undefined, choices)).toEqual({ ok: true, value: choices.initial });
  });

  test.each([['PT8H'], ['P1D'], ['P3D'], ['P7D']])('accepts the offered %s', (value) => {
    expect(chooseDuration(value, choices)).toEqual({ ok: true, value: duration(value) });
  });

  test.each([['P30D'], ['P365D'], ['PT8H '], ['p1d'], ['P1W'], ['PT24H'], ['']])('refuses %j, which was not offered', (value) => {
    expect(chooseDuration(value, choices)).toEqual({ ok: false, error: { code: 'duration_not_offered' } });
  });
});
