import { err, ok, type Result } from '../../shared/result.ts';
import type { RequestStatus } from '../request/request.ts';
import { toWholeSecond } from '../time/whole-seconds.ts';

/** Why an extension is refused (a refusal is `{ code, …data }` everywhere). */
export type ExtendRefusal = {
  /** `needs_two_approvers`: the allow took two different approvers (a threat or command-and-control verdict), so one person may not prolong it. */
  readonly code: 'not_active' | 'needs_two_approvers' | 'not_an_approver' | 'self_extension_forbidden' | 'not_longer';
};
/** Why a revocation is refused. */
export type RevokeRefusal = { readonly code: 'not_revocable' | 'not_allowed' };

/**
 * Who may extend an allow and to when. Never an allow whose approval needed two different approvers
 * (`requiredApprovals` 2: a threat verdict, an unknown cause, a command-and-control override): one
 * click would prolong what one person could not have approved, again and again; a fresh report, with
 * fresh evidence and two approvers, is the way to keep access. Otherwise only an approver who is not the requester; the new end is
 * `now + duration` rounded down to the whole second (the duration was offered within MAX_ALLOW_DURATION) and must be later than the
 * current end, or it would be a revocation in disguise.
 */
export function checkExtension(input: {
  readonly status: RequestStatus;
  readonly requesterId: string;
  readonly actorId: string;
  readonly actorIsApprover: boolean;
  /** How many different approvers the request's approval rule needed (see approval-rule.ts). */
  readonly requiredApprovals: 1 | 2;
  readonly currentEnd: Date;
  readonly now: Date;
  readonly durationMs: number;
}): Result<Date, ExtendRefusal> {
  // Past its end an allow is over (Defender deletes the indicator at its expirationTime), even
  // before the reconciler has confirmed it: a new request, not an extension, starts it again.
  if (input.status !== 'active' || input.now.getTime() >= input.currentEnd.getTime()) return err({ code: 'not_active' });
  if (input.requiredApprovals > 1) return err({ code: 'needs_two_approvers' });
  if (!input.actorIsApprover) return err({ code: 'not_an_approver' });
  if (input.actorId === input.requesterId) return err({ code: 'self_extension_forbidden' });
  // A whole second, as Defender keeps it; rounded down so the extension never exceeds what was offered.
  const until = toWholeSecond(new Date(input.now.getTime() + input.durationMs));
  if (until.getTime() <= input.currentEnd.getTime()) return err({ code: 'not_longer' });
  return ok(until);
}

/** The requester or any approver may revoke an allow that is approved or active. */
export function checkRevocation(input: {
  readonly status: RequestStatus;
  readonly requesterId: string;
  readonly actorId: string;
  readonly actorIsApprover: boolean;
}): Result<void, RevokeRefusal> {
  if (input.status !== 'active' && input.status !== 'approved') return err({ code: 'not_revocable' });
  if (!input.actorIsApprover && input.actorId !== input.requesterId) return err({ code: 'not_allowed' });
  return ok(undefined);
}
