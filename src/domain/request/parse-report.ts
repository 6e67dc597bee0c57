import { err, ok, type Result } from '../../shared/result.ts';
import { parseTarget } from '../target/parse-target.ts';
import type { TargetError } from '../target/target-error.ts';
import type { Target } from '../target/target.ts';

/** Longest description accepted after the address, in characters (as the user typed them). */
export const MAX_REASON_LENGTH = 500;

/** A report as parsed from `/portal-blocked` text. */
export interface ReportInput {
  readonly target: Target;
  /** What the user wrote after the address; may be empty. */
  readonly reason: string;
  /** The address token as typed (plain text, after trimming), for the audit trail only. */
  readonly typedTarget: string;
}

/**
 * Why a report was refused, as a code (and its data) for the adapter to put into words:
 * - `usage`: no address, or a request for help;
 * - `reason_too_long`: the description is longer than `maxLength` characters;
 * - `reason_control_characters`: the description holds control or invisible characters;
 * - a TargetError: the address is not one Unblock can allow (its own code and data).
 */
export type ReportError =
  | TargetError
  | { readonly code: 'usage' }
  | { readonly code: 'reason_too_long'; readonly maxLength: number }
  | { readonly code: 'reason_control_characters' };

// Control characters other than newline and tab, plus bidi overrides and other invisible format characters.
const REASON_CONTROL = /(?![\n\t])[\p{Cc}\p{Cf}]/u;

/**
 * Splits `/portal-blocked` text into the blocked address (first word) and the free-text reason, or
 * says why it cannot (ReportError; empty text and `help` ask for the usage).
 * `text` is plain text, as the user meant it (no Slack markup or HTML entities: the Slack adapter
 * decodes those once, before this runs), so limits count the characters the user typed.
 */
export function parseReport(text: string): Result<ReportInput, ReportError> {
  const trimmed = text.trim();
  if (trimmed === '' || /^help$/i.test(trimmed)) return err({ code: 'usage' });
  // The address is the first word. Slack's link markup never reaches here: the Slack adapter has
  // already turned `<url|label>` into the URL, so any `<` left is text the user typed.
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
  const typedTarget = match[1]!;
  const reason = match[2]!.trim();
  if (reason.length > MAX_REASON_LENGTH) {
    return err({ code: 'reason_too_long', maxLength: MAX_REASON_LENGTH });
  }
  if (REASON_CONTROL.test(reason)) {
    return err({ code: 'reason_control_characters' });
  }
  const target = parseTarget(typedTarget);
  if (!target.ok) return target;
  return ok({ target: target.value, reason, typedTarget });
}
