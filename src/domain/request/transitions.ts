import { err, ok, type Result } from '../../shared/result.ts';
import type { RequestStatus } from './request.ts';

export const REQUEST_EVENTS = [
  'submitted_for_approval',
  'publish_failed',
  'approved',
  'denied',
  'indicator_active',
  'activation_abandoned',
  'revoked',
  'expired',
  'approval_timed_out',
] as const;

/** Something that moves a request from one status to another. */
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

/** Every allowed move; anything not listed is refused. Terminal statuses accept nothing. */
const TRANSITIONS: Readonly<Record<RequestStatus, Partial<Record<RequestEvent, RequestStatus>>>> = {
  investigating: { submitted_for_approval: 'pending_approval', publish_failed: 'failed' },
  // Nobody decided within PENDING_TTL: closed as `expired` too (no decision, so nothing was allowed).
  pending_approval: { approved: 'approved', denied: 'denied', approval_timed_out: 'expired' },
  approved: { indicator_active: 'active', activation_abandoned: 'failed', revoked: 'revoked' },
  active: { revoked: 'revoked', expired: 'expired' },
  denied: {},
  expired: {},
  revoked: {},
  failed: {},
};

export interface TransitionRefused {
  readonly code: 'transition_refused';
  readonly from: RequestStatus;
  readonly event: RequestEvent;
}

/** The status a request moves to on `event`, or a refusal when the move is not in the table. */
export function nextStatus(from: RequestStatus, event: RequestEvent): Result<RequestStatus, TransitionRefused> {
  const to = TRANSITIONS[from][event];
  return to === undefined ? err({ code: 'transition_refused', from, event }) : ok(to);
}
