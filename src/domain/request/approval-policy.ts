import { err, ok, type Result } from '../../shared/result.ts';
import { clickedOwnMessage, type ClickedSurface } from './own-message.ts';
import type { MessageRef, RequestStatus } from './request.ts';

/** Why a click may not decide a request (a refusal is `{ code, …data }` everywhere). */
export type DecisionRefusal = { readonly code: 'not_ready' | 'wrong_message' | 'not_an_approver' | 'self_approval_forbidden' | 'already_decided' };

export interface DecisionAttempt {
  readonly request: {
    /** The request's id: a Home tab click counts only on controls drawn for it. */
    readonly id?: string;
    readonly status: RequestStatus;
    readonly requesterId: string;
    readonly approvalMessage: MessageRef | null;
  };
  /** The Slack-verified user who clicked. */
  readonly deciderId: string;
  readonly deciderIsApprover: boolean;
  /** The message the click came from, as Slack reported it, or the clicker's Home tab. */
  readonly clickedMessage: ClickedSurface;
}

/**
 * Whether a click may decide a request. The click must come from the request's own approval
 * message (or the Home tab's controls drawn for it), from an approver who is not the requester, while the request still waits for a decision.
 * A request still being set up refuses every click. The status check here is advisory: the compare-and-set in the database is what makes one decision win.
 */
export function checkDecision(attempt: DecisionAttempt): Result<void, DecisionRefusal> {
  const { request, clickedMessage } = attempt;
  // Posted to Slack but not yet recorded (a click within milliseconds of the post): refuse, don't guess.
  if (request.status === 'investigating') return err({ code: 'not_ready' });
  if (!clickedOwnMessage([request.approvalMessage], clickedMessage, request.id)) return err({ code: 'wrong_message' });
  if (!attempt.deciderIsApprover) return err({ code: 'not_an_approver' });
  if (attempt.deciderId === request.requesterId) return err({ code: 'self_approval_forbidden' });
  if (request.status !== 'pending_approval') return err({ code: 'already_decided' });
  return ok(undefined);
}
