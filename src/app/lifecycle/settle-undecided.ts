import { pendingCutoffs, pendingDue, type PendingPolicy } from '../../domain/request/pending-due.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestQueries } from '../ports/request-queries.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { Clock, Logger } from '../ports/runtime.ts';
import type { WorkClaims } from '../ports/work-claims.ts';
import { escalatePending } from './escalate-pending.ts';
import { expirePending } from './expire-pending.ts';

export interface SettleUndecidedDeps {
  readonly store: RequestRecords & RequestQueries & WorkClaims;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  /** ESCALATE_AFTER and PENDING_TTL. */
  readonly pending: PendingPolicy;
}

/**
 * The reconciler's sweep of requests nobody has decided: at most `limit` of those owing work (the
 * longest-waiting first), each escalated once after ESCALATE_AFTER or closed after PENDING_TTL, as
 * pendingDue says. Every step is claimed by compare-and-set, so any number of replicas may sweep at
 * once; a failing request is logged and looked at again next round, and the others go on.
 */
export async function settleUndecided(deps: SettleUndecidedDeps, limit: number): Promise<{ readonly executed: number; readonly failed: number }> {
  let executed = 0;
  let failed = 0;
  for (const view of await deps.store.undecidedDue(pendingCutoffs(deps.clock.now(), deps.pending), limit)) {
    try {
      const due = pendingDue(view.request, deps.clock.now(), deps.pending);
      const done = due === 'expire' ? await expirePending(deps, view) : due === 'escalate' ? await escalatePending(deps, view) : false;
      if (done) executed += 1;
    } catch (error) {
      failed += 1;
      deps.logger.error({ err: error, requestId: view.request.id }, 'could not escalate or close an undecided request');
    }
  }
  return { executed, failed };
}
