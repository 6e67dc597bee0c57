import { err, ok, type Result } from '../../shared/result.ts';
import type { RequestStatus } from '../request/request.ts';
import { toWholeSecond } from '../time/whole-seconds.ts';

/** Why an extension is refused (a refusal is `{ code, …data }` everywhere). */
export type ExtendRefusal = { readonly code: 'not_active' | 'not_an_approver' | 'self_extension_forbidden' | 'not_longer' };
/** Why a revocation is refused. */
export type RevokeRefusal = { readonly code: 'not_revocable' | 'not_allowed' };

/**
 * Who may extend an allow and to when. Only an approver who is not the requester; the new end is
 * `now + duration` rounded down to the whole second (the duration was offered within MAX_ALLOW_DURATION) and must be later than the
 * current end, or it would be a revocation in disguise.
 */
export function checkExtension(input: {
  readonly status: RequestStatus;
  readonly requesterId: string;
  readonly actorId: string;
  readonly actorIsApprover: boolean;
  readonly currentEnd: Date;
  readonly now: Date;
  readonly durationMs: number;
}): Result<Date, ExtendRefusal> {
  // Past its end an allow is over (Defender deletes the indicator at its expirationTime), even
  // before the reconciler has confirmed it: a new request, not an extension, starts it again.
  if (input.status !== 'active' || input.now.getTime() >= input.currentEnd.getTime()) return err({ code: 'not_active' });
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
