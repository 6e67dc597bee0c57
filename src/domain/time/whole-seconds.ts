/**
 * Defender keeps an indicator's `expirationTime` to the whole second: a POST with
 * `2026-12-01T20:30:05.773Z` reads back as `2026-12-01T20:30:05Z` (shared/reference/defender-api.md §8,
 * "Precision and forms Defender uses"; indicator-manage: "whatever happens at the expiration time
 * occurs at the seconds (SS) value"). Every instant Unblock sends is therefore a whole second, and
 * every comparison with an instant Defender returns allows for that precision.
 */

const SECOND_MS = 1000;

/** `instant` rounded down to its whole second (UTC); never later than `instant`, so never a longer allow. */
export function toWholeSecond(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / SECOND_MS) * SECOND_MS);
}

export function isWholeSecond(instant: Date): boolean {
  return instant.getTime() % SECOND_MS === 0;
}

/**
 * Whether two expiries are the same as far as Defender can tell: both "never" (null), or less than
 * a second apart (Defender truncates or rounds the milliseconds away).
 */
export function sameToTheSecond(a: Date | null, b: Date | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a.getTime() - b.getTime()) < SECOND_MS;
}

/**
 * Whether Defender's expiry `held` (null: never expires) ends at least a whole second after `end`,
 * i.e. later than precision alone explains.
 */
export function laterToTheSecond(held: Date | null, end: Date): boolean {
  return held === null || held.getTime() - end.getTime() >= SECOND_MS;
}

/**
 * Whether Defender's expiry `held` (null: never expires) lasts until `end`, allowing for Defender
 * dropping the milliseconds of `end`.
 */
export function lastsUntil(held: Date | null, end: Date): boolean {
  return held === null || held.getTime() > end.getTime() - SECOND_MS;
}
