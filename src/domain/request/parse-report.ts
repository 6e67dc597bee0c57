import { err, ok, type Result } from '../../shared/result.ts';
import { parseTarget, type TargetError } from '../target/parse-target.ts';
import type { Target } from '../target/target.ts';

export const MAX_REASON_LENGTH = 500;

export interface ReportInput {
  readonly target: Target;
  /** What the user wrote after the address; may be empty. */
  readonly reason: string;
  /** The address token as typed (plain text, after trimming), for the audit trail only. */
  readonly typedTarget: string;
}

export type ReportError =
  | TargetError
  | { readonly code: 'usage'; readonly userMessage: string }
  | { readonly code: 'reason_too_long'; readonly userMessage: string }
  | { readonly code: 'reason_control_characters'; readonly userMessage: string };

export const USAGE =
  'Usage: `/portal-blocked <url or hostname> [what fails]`, for example `/portal-blocked https://logistics.contoso.com the shipping app fails since Monday`.';

// Control characters other than newline and tab, plus bidi overrides and other invisible format characters.
const REASON_CONTROL = /(?![\n\t])[\p{Cc}\p{Cf}]/u;

/**
 * Splits `/portal-blocked` text into the blocked address (first word) and the free-text reason.
 * `text` is plain text, as the user meant it (no Slack markup or HTML entities: the Slack adapter
 * decodes those once, before this runs), so limits count the characters the user typed.
 */
export function parseReport(text: string): Result<ReportInput, ReportError> {
  const trimmed = text.trim();
  if (trimmed === '' || /^help$/i.test(trimmed)) return err({ code: 'usage', userMessage: USAGE });
  // The address is the first word. Slack's link markup never reaches here: the Slack adapter has
  // already turned `<url|label>` into the URL, so any `<` left is text the user typed.
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
  const typedTarget = match[1]!;
  const reason = match[2]!.trim();
  if (reason.length > MAX_REASON_LENGTH) {
    return err({ code: 'reason_too_long', userMessage: `Please keep the description under ${MAX_REASON_LENGTH} characters.` });
  }
  if (REASON_CONTROL.test(reason)) {
    return err({ code: 'reason_control_characters', userMessage: 'The description contains control or invisible characters.' });
  }
  const target = parseTarget(typedTarget);
  if (!target.ok) return target;
  return ok({ target: target.value, reason, typedTarget });
}
