import { dueActions, type DueAction } from '../domain/lifecycle/due-actions.ts';
import { nextDueAt } from '../domain/lifecycle/next-due-at.ts';
import { REFUSED_RETRY_MS } from '../domain/lifecycle/retry-backoff.ts';
import { ExternalServiceError } from './support/external-service-error.ts';
import { heldUntil } from '../domain/request/request.ts';
import type { LifecyclePolicy } from '../domain/lifecycle/lifecycle-policy.ts';
import { abandonStaleReport, STALE_INVESTIGATION_MS } from './lifecycle/abandon-stale-report.ts';
import { activateAllow, type ActivateDeps } from './lifecycle/activate-allow.ts';
import { abandonActivation } from './lifecycle/abandon-activation.ts';
import { alertActivationFailing } from './lifecycle/alert-activation-failing.ts';
import { checkDrift } from './lifecycle/check-drift.ts';
import { confirmExpiry } from './lifecycle/confirm-expiry.ts';
import { lifecycleSnapshot } from './lifecycle/lifecycle-snapshot.ts';
import type { RequestView } from './ports/request-view.ts';
import { sendReminder } from './lifecycle/send-reminder.ts';
import { settleUndecided } from './lifecycle/settle-undecided.ts';
import { verifyAllow, type VerifyDeps } from './lifecycle/verify-allow.ts';
import type { PendingPolicy } from '../domain/request/pending-due.ts';
import { withLease } from './support/with-lease.ts';
import type { RequestStore } from './ports/request-store.ts';
import { requireView } from './support/require-view.ts';

export interface ReconcileDeps extends ActivateDeps, Pick<VerifyDeps, 'evidence'> {
  /** Records, the sweeps that find due work, and the claims that share it among replicas. */
  readonly store: RequestStore;
  readonly policy: LifecyclePolicy;
  /** How long a request may wait for approvers: ESCALATE_AFTER, PENDING_TTL. */
  readonly pending: PendingPolicy;
  /** Identifies this replica in leases (e.g. hostname:pid). */
  readonly owner: string;
  /** Most requests looked at per round. */
  readonly batchSize?: number;
}

export interface ReconcileReport {
  readonly scanned: number;
  /** Actions carried out. */
  readonly executed: number;
  /** Requests another replica was working on. */
  readonly skipped: number;
  readonly failed: number;
}

/** When work ran but the request is still due (Defender's grace after an expiry), or the work failed: look again this much later. */
export const RETRY_DUE_WORK_MS = 60_000;

/**
 * One round of the reconciler. Reports that died before reaching the approvers are closed first,
 * freeing their host; requests nobody decided are escalated once, or closed (settleUndecided). Then the approved and active requests whose stored due time has come are read
 * in due order (at most `batchSize`, through an index, so idle allows cost nothing); each is claimed
 * by its lease (so any number of replicas can run rounds at once), its due work derived again with
 * dueActions and carried out, and its next due time planned with nextDueAt and stored by
 * compare-and-set. A request whose work failed, or is still due, is looked at again a minute later,
 * behind the others; the rest go on.
 */
export async function reconcileOnce(deps: ReconcileDeps): Promise<ReconcileReport> {
  let executed = 0;
  for (const stale of await deps.store.staleInvestigations(new Date(deps.clock.now().getTime() - STALE_INVESTIGATION_MS), deps.batchSize ?? 200)) {
    if (await abandonStaleReport(deps, stale)) executed += 1;
  }
  const undecided = await settleUndecided(deps, deps.batchSize ?? 200);
  executed += undecided.executed;
  const candidates = await deps.store.dueForReconcile(deps.clock.now(), deps.batchSize ?? 200);
  let skipped = 0;
  let failed = undecided.failed;
  for (const candidate of candidates) {
    try {
      const done = await withLease(deps, candidate.request.id, deps.owner, async () => {
        // Re-read under the lease: the request may have moved since the list was taken.
        let ran = 0;
        const attempted = new Set<DueAction>();
        for (const action of dueActions(lifecycleSnapshot(await view(deps, candidate)), deps.clock.now(), deps.policy)) {
          // Each action sees the state the previous one left, and runs only if still due then.
          const current = await view(deps, candidate);
          if (!dueActions(lifecycleSnapshot(current), deps.clock.now(), deps.policy).includes(action)) continue;
          attempted.add(action);
          await run(deps, action, current);
          ran += 1;
        }
        await planNext(deps, await view(deps, candidate), attempted);
        return ran;
      });
      if (done === undefined) skipped += 1;
      else executed += done;
    } catch (error) {
      failed += 1;
      deps.logger.error({ err: error, requestId: candidate.request.id }, 'reconcile failed for a request');
      await retryLater(deps, candidate.request.id, error instanceof ExternalServiceError && !error.retryable ? REFUSED_RETRY_MS : RETRY_DUE_WORK_MS);
    }
  }
  return { scanned: candidates.length, executed, skipped, failed };
}

/**
 * Stores when the request is next due. Work that became due through this round's own work (the
 * first drift check of an allow just activated) is due at once, for the next round; work still due
 * after being attempted (Defender has not removed an expired indicator yet) is looked at again
 * RETRY_DUE_WORK_MS later, and at the latest when the expiry grace ends, when Unblock deletes the
 * indicator itself.
 */
async function planNext(deps: ReconcileDeps, current: RequestView, attempted: ReadonlySet<DueAction>): Promise<void> {
  if (current.lifecycle === null) return;
  const now = deps.clock.now().getTime();
  const snapshot = lifecycleSnapshot(current);
  const next = nextDueAt(snapshot, deps.policy)?.getTime() ?? null;
  let at = next;
  if (next !== null && next <= now && dueActions(snapshot, deps.clock.now(), deps.policy).every((action) => attempted.has(action))) {
    const end = heldUntil(current.decision, current.extensions, current.indicator)?.getTime();
    const graceEnds = current.request.status === 'active' && end !== undefined ? end + deps.policy.expiryGraceMs : Infinity;
    at = Math.min(now + RETRY_DUE_WORK_MS, graceEnds > now ? graceEnds : Infinity);
  }
  await deps.store.planNextDue(current.request.id, current.lifecycle.planVersion, at === null ? null : new Date(at));
}

/** A request whose work threw is looked at again `delayMs` later (an hour after a refusal retrying cannot fix). */
async function retryLater(deps: ReconcileDeps, requestId: string, delayMs: number): Promise<void> {
  try {
    const current = await deps.store.view(requestId);
    if (current?.lifecycle) {
      await deps.store.planNextDue(requestId, current.lifecycle.planVersion, new Date(deps.clock.now().getTime() + delayMs));
    }
  } catch (error) {
    deps.logger.error({ err: error, requestId }, 'could not postpone a failing request');
  }
}

const view = async (deps: ReconcileDeps, candidate: RequestView): Promise<RequestView> => await requireView(deps.store, candidate.request.id);

async function run(deps: ReconcileDeps, action: DueAction, view: RequestView): Promise<void> {
  switch (action) {
    case 'activate':
      await activateAllow(deps, view.request.id);
      return;
    case 'abandon_activation':
      await abandonActivation(deps, view);
      return;
    case 'alert_activation_failing':
      await alertActivationFailing(deps, view);
      return;
    case 'remind':
      await sendReminder(deps, view);
      return;
    case 'confirm_expiry':
      await confirmExpiry({ ...deps, expiryGraceMs: deps.policy.expiryGraceMs }, view);
      return;
    case 'check_drift':
      await checkDrift(deps, view);
      return;
    case 'verify':
      await verifyAllow(deps, view);
      return;
  }
}
