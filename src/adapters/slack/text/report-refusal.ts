import type { ReportError } from '../../../domain/request/parse-report.ts';
import { refusalText } from './report-replies.ts';
import { targetRefusalMessage } from './target-refusal.ts';
import { USAGE_TEXT } from './usage.ts';

/**
 * The private answer to `/portal-blocked` text parseReport refused, as mrkdwn: what was wrong (or how
 * to write the command), then that nothing was submitted. Never echoes what the user typed.
 */
export function reportRefusalText(error: ReportError): string {
  return refusalText(reportErrorMessage(error));
}

/** The plain-text reason for one refusal; an address refusal (TargetError) is worded by targetRefusalMessage. */
function reportErrorMessage(error: ReportError): string {
  switch (error.code) {
    case 'usage':
      return USAGE_TEXT;
    case 'reason_too_long':
      return `Please keep the description under ${error.maxLength} characters.`;
    case 'reason_control_characters':
      return 'The description contains control or invisible characters.';
    default:
      return targetRefusalMessage(error);
  }
}
