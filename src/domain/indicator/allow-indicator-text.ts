import type { IndicatorTarget } from '../target/target.ts';

export interface AllowIndicatorText {
  readonly title: string;
  readonly description: string;
}

const MAX_TITLE = 100;
const MAX_DESCRIPTION = 1000;
const MAX_QUOTED_REASON = 300;

/** Title and description that let a Defender admin trace an indicator back to its request. */
export function allowIndicatorText(input: {
  readonly requestNumber: number;
  readonly requestId: string;
  readonly target: IndicatorTarget;
  readonly requesterId: string;
  /** Everyone who approved (two for a target Defender's threat intelligence flagged). */
  readonly approverIds: readonly string[];
  readonly reason: string;
  readonly decidedAt: Date;
  readonly allowUntil: Date;
  /** Set when an extension moved the end: who extended it. */
  readonly extendedBy?: string;
}): AllowIndicatorText {
  const reason = input.reason === '' ? 'no reason given' : `reason: "${truncate(input.reason, MAX_QUOTED_REASON)}"`;
  return {
    title: truncateValue(`${titlePrefix(input.requestNumber)}temporary allow for ${input.target.value}`, MAX_TITLE),
    description: truncate(
      `Time-boxed allow created by Unblock for request #${input.requestNumber} (${input.requestId}). ` +
        `Requested by Slack user ${input.requesterId}; ${reason}. ` +
        `Approved by Slack ${input.approverIds.length === 1 ? 'user' : 'users'} ${input.approverIds.join(' and ')} at ${input.decidedAt.toISOString()}; ` +
        (input.extendedBy ? `extended by Slack user ${input.extendedBy}; ` : '') +
        `allowed until ${input.allowUntil.toISOString()}.`,
      MAX_DESCRIPTION,
    ),
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * truncate for text that ends in an indicator value: a URL is never cut inside a % escape, so the
 * clipped title never shows `%2` of `%2F`, which would read as another escape.
 */
function truncateValue(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/%[0-9A-Fa-f]?$/, '')}…`;
}

/** Every indicator Unblock creates for request #n starts with this title. */
export const titlePrefix = (requestNumber: number): string => `Unblock #${requestNumber}: `;

/** Which request an indicator was written for: its number (title) and its id (description, unique across installations). */
export interface IndicatorOwner {
  readonly number: number;
  readonly id: string;
}

/**
 * Whether Defender's indicator is one Unblock wrote for this request (found again after a response
 * was lost, say) rather than someone else's: its title starts `Unblock #<n>: ` and its description
 * names the request's id. The number alone is not enough: another installation on the same tenant,
 * or a database restored from a backup, has its own request #n.
 */
export function isOwnIndicator(indicator: { readonly title?: string | null; readonly description?: string | null }, request: IndicatorOwner): boolean {
  return (indicator.title?.startsWith(titlePrefix(request.number)) ?? false) && (indicator.description?.includes(`(${request.id})`) ?? false);
}
