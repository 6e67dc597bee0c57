import { requiredApprovals } from '../../domain/request/approval-rule.ts';
import type { PendingPolicy } from '../../domain/request/pending-due.ts';
import { system } from '../../domain/request/request.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';
import { mustMove } from '../support/must-move.ts';
import { requireView } from '../support/require-view.ts';
import { runSafely } from '../support/run-safely.ts';

/**
 * Closes a request nobody decided within PENDING_TTL as `expired` (undecided, so nothing was
 * allowed), freeing its host for a new report: the approval message loses Approve and Deny, the
 * thread says so, and every reporter hears how to ask again. A compare-and-set on the version read
 * in `view`: a decision, or an approval, clicked at the same moment wins or loses as a whole; if it
 * won, this does nothing (false), and if it lost, the click is refused as already decided.
 */
export async function expirePending(
  deps: { readonly store: RequestRecords; readonly notifier: Notifier; readonly clock: Clock; readonly logger: Logger; readonly pending: PendingPolicy },
  view: RequestView,
): Promise<boolean> {
  const { request } = view;
  const now = deps.clock.now();
  const waitedMs = now.getTime() - request.createdAt.getTime();
  const closed = await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, 'approval_timed_out'),
    record: { event: 'approval_timed_out' },
    audit: {
      actor: system('reconciler'),
      at: now,
      action: 'request.expired_undecided',
      details: { waitedMs, approvals: view.approvals.map((a) => a.approverId), required: requiredApprovals(view.evidence) },
    },
  });
  if (!closed) return false;
  const expired = await requireView(deps.store, request.id);
  await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(expired));
  await runSafely(deps.logger, 'post expiry to thread', () => deps.notifier.postToThread(expired, { kind: 'expired_undecided', ttlMs: deps.pending.pendingTtlMs }));
  await runSafely(deps.logger, 'tell reporters', () => deps.notifier.notifyRequester(expired, { kind: 'expired_undecided', ttlMs: deps.pending.pendingTtlMs }));
  return true;
}
