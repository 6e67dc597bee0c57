import { parse as parseIso, pattern as isoPattern, toSeconds } from 'iso8601-duration';
import { err, ok, type Result } from '../../shared/result.ts';

/** A validated ISO-8601 duration of days, hours, minutes or seconds (weeks allowed). */
export interface AllowDuration {
  /** Canonical text as configured or chosen, e.g. `P1D`. */
  readonly iso: string;
  /** Length in ms. Words for people are the Slack adapter's (text/duration-label.ts). */
  readonly ms: number;
}

/** Why a text is not an allow duration (worded for operators by config.ts). */
export type DurationRefusal =
  /** Not an ISO-8601 duration at all; `text` is the input, trimmed and upper-cased. */
  | { readonly code: 'not_a_duration'; readonly text: string }
  /** Years or months, whose length depends on the calendar. */
  | { readonly code: 'calendar_units' }
  | { readonly code: 'not_positive' };

/** The durations an approver is offered, before MAX_ALLOW_DURATION trims them. */
export const STANDARD_DURATIONS = ['PT8H', 'P1D', 'P3D', 'P7D', 'P30D'] as const;
const PREFERRED_DEFAULT = 'P1D';
const FULL_MATCH = new RegExp(`^${isoPattern.source}$`);

/**
 * Parses an ISO-8601 duration. Years and months are refused: their length depends on the calendar,
 * and an allow must end at a moment the approver can read off the message.
 */
export function parseAllowDuration(text: string): Result<AllowDuration, DurationRefusal> {
  const iso = text.trim().toUpperCase();
  if (!FULL_MATCH.test(iso) || iso === 'P' || iso.endsWith('T')) return err({ code: 'not_a_duration', text: iso });
  const parts = parseIso(iso);
  if ((parts.years ?? 0) > 0 || (parts.months ?? 0) > 0) return err({ code: 'calendar_units' });
  const ms = Math.round(toSeconds(parts) * 1000);
  if (ms <= 0) return err({ code: 'not_positive' });
  return ok({ iso, ms });
}

export interface DurationChoices {
  readonly options: readonly AllowDuration[];
  readonly initial: AllowDuration;
}

/**
 * The durations offered to approvers: the standard ones up to `max`, plus `max` itself when it is
 * not one of them. The preselected one is P1D when offered, else the longest offered.
 */
export function durationChoices(max: AllowDuration): DurationChoices {
  const standard = STANDARD_DURATIONS.map((iso) => unwrap(parseAllowDuration(iso))).filter((d) => d.ms <= max.ms);
  const options = standard.some((d) => d.ms === max.ms) ? standard : [...standard, max];
  const initial = options.find((d) => d.iso === PREFERRED_DEFAULT) ?? options[options.length - 1]!;
  return { options, initial };
}

/**
 * Maps the value that came back from Slack's select to an offered duration. Anything not offered is
 * refused, so a forged payload cannot choose a longer allow. A missing value means the approver kept
 * the preselected option.
 */
export function chooseDuration(value: string | undefined, choices: DurationChoices): Result<AllowDuration, { readonly code: 'duration_not_offered' }> {
  if (value === undefined) return ok(choices.initial);
  const chosen = choices.options.find((d) => d.iso === value);
  return chosen ? ok(chosen) : err({ code: 'duration_not_offered' });
}

function unwrap(result: Result<AllowDuration, DurationRefusal>): AllowDuration {
  if (!result.ok) throw new Error(`standard duration refused: ${result.error.code}`);
  return result.value;
}
