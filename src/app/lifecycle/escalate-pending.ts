import { pendingClosesAt, type PendingPolicy } from '../../domain/request/pending-due.ts';
import { requiredApprovals } from '../../domain/request/approval-rule.ts';
import { system } from '../../domain/request/request.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock } from '../ports/runtime.ts';
import type { WorkClaims } from '../ports/work-claims.ts';
import { requireView } from '../support/require-view.ts';

/**
 * How long one replica holds the claim on an escalation (ms): far longer than queueing a message
 * takes; a replica that crashed holding it leaves the escalation to the next round after this.
 */
export const ESCALATION_CLAIM_MS = 5 * 60_000;

/**
 * Reminds the approvers, once, of a request nobody has decided within ESCALATE_AFTER: a thread
 * reply (shown in the channel too) naming them, how many approvals it still needs and when it
 * closes undecided. Claimed by compare-and-set first, so two replicas never send two; recorded
 * only once the note is queued, so a crash in between loses nothing (the claim lapses and the next
 * round sends it). False when another replica has it, or the request was decided meanwhile.
 */
export async function escalatePending(
  deps: { readonly store: RequestRecords & WorkClaims; readonly notifier: Notifier; readonly clock: Clock; readonly pending: PendingPolicy },
  view: RequestView,
): Promise<boolean> {
  const { request } = view;
  const now = deps.clock.now();
  if (!(await deps.store.claimEscalation(request.id, now, new Date(now.getTime() + ESCALATION_CLAIM_MS)))) return false;
  // Read after the claim: an approval recorded meanwhile changes how many are still needed.
  const current = await requireView(deps.store, request.id);
  if (current.request.status !== 'pending_approval') return false;
  const required = requiredApprovals(current.evidence);
  // Not runSafely: if queueing fails, nothing is recorded and the escalation is sent once the claim lapses.
  await deps.notifier.postToThread(current, { kind: 'escalated', required, closesAt: pendingClosesAt(request.createdAt, deps.pending) });
  return deps.store.recordEscalation(request.id, {
    actor: system('reconciler'),
    at: now,
    action: 'request.escalated',
    details: { waitedMs: now.getTime() - request.createdAt.getTime(), approvals: current.approvals.length, required },
  });
}
