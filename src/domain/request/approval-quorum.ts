import type { AllowDuration } from './allow-duration.ts';
import type { Approval } from './request.ts';

export type ApprovalStep =
  /** This approver approved before; a second approval must come from someone else. */
  | { readonly kind: 'already_approved' }
  /** Record the approval; the request keeps waiting for `required - count` more. */
  | { readonly kind: 'record'; readonly count: number; readonly required: number }
  /** This approval completes the quorum: the request is approved. */
  | { readonly kind: 'complete' };

/** What an Approve click by `approverId` does, given the approvals recorded so far. Pure. */
export function approvalStep(required: number, previous: readonly Approval[], approverId: string): ApprovalStep {
  if (previous.some((a) => a.approverId === approverId)) return { kind: 'already_approved' };
  const count = previous.length + 1;
  return count >= required ? { kind: 'complete' } : { kind: 'record', count, required };
}

/**
 * The shortest of the approvers' durations: each approver agreed to at most their own choice, so
 * the allow must never last longer than any of them approved. Ties keep the first.
 */
export function shortestDuration(durations: readonly [AllowDuration, ...AllowDuration[]]): AllowDuration {
  return durations.reduce((shortest, d) => (d.ms < shortest.ms ? d : shortest));
}
