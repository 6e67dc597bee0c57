import { parseAllowDuration } from '../../../domain/request/allow-duration.ts';
import { plural } from '../mrkdwn.ts';

/** Units a duration is told in, largest first: [length in ms, singular noun]. */
const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/**
 * A duration of `ms` milliseconds (≥ 0) in words, in the largest unit that measures it exactly:
 * 86_400_000 → "1 day", 28_800_000 → "8 hours", 5_400_000 → "90 minutes", 90_000 → "90 seconds";
 * what is not a whole number of seconds is told in decimal seconds (1_500 → "1.5 seconds"). The one
 * place Slack text turns a duration into words.
 */
export function durationLabel(ms: number): string {
  for (const [size, unit] of UNITS) if (ms % size === 0) return plural(ms / size, unit);
  return `${ms / 1000} seconds`;
}

/**
 * An ISO-8601 duration as Unblock stores it (`P1D`, `PT8H`, `P7D` …) in words, as durationLabel
 * tells it; undefined when `iso` is not a duration Unblock accepts (malformed, zero, years or months).
 */
export function isoDurationLabel(iso: string): string | undefined {
  const parsed = parseAllowDuration(iso);
  return parsed.ok ? durationLabel(parsed.value.ms) : undefined;
}
