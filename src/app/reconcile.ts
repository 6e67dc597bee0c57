import { dueActions, type DueAction } from '../domain/lifecycle/due-actions.ts';
import type { LifecyclePolicy } from '../domain/lifecycle/lifecycle-policy.ts';
import { abandonStaleReport, STALE_INVESTIGATION_MS } from './abandon-stale-report.ts';
import { activateAllow, type ActivateDeps } from './activate-allow.ts';
import { abandonActivation, alertActivationFailing } from './activation-follow-up.ts';
import { checkDrift } from './check-drift.ts';
import { confirmExpiry } from './confirm-expiry.ts';
import { lifecycleSnapshot } from './lifecycle-snapshot.ts';
import type { RequestView } from './ports.ts';
import { sendReminder } from './send-reminder.ts';
import { withLease } from './with-lease.ts';

export interface ReconcileDeps extends ActivateDeps {
  readonly policy: LifecyclePolicy;
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

/**
 * One round of the reconciler: for every approved or active request, derive the due work from the
 * database with dueActions, claim the request's lease (so any number of replicas can run rounds at
 * once) and carry the work out. A failing request is logged and retried next round; the others go on.
 * Reports that died before reaching the approvers are closed first, freeing their host.
 */
export async function reconcileOnce(deps: ReconcileDeps): Promise<ReconcileReport> {
  let executed = 0;
  for (const stale of await deps.store.staleInvestigations(new Date(deps.clock.now().getTime() - STALE_INVESTIGATION_MS), deps.batchSize ?? 200)) {
    if (await abandonStaleReport(deps, stale)) executed += 1;
  }
  const candidates = await deps.store.lifecycleCandidates(deps.batchSize ?? 200);
  let skipped = 0;
  let failed = 0;
  for (const candidate of candidates) {
    if (dueActions(lifecycleSnapshot(candidate), deps.clock.now(), deps.policy).length === 0) continue;
    try {
      const done = await withLease(deps, candidate.request.id, deps.owner, async () => {
        // Re-read under the lease: the request may have moved since the list was taken.
        let ran = 0;
        for (const action of dueActions(lifecycleSnapshot(await view(deps, candidate)), deps.clock.now(), deps.policy)) {
          // Each action sees the state the previous one left, and runs only if still due then.
          const current = await view(deps, candidate);
          if (!dueActions(lifecycleSnapshot(current), deps.clock.now(), deps.policy).includes(action)) continue;
          await run(deps, action, current);
          ran += 1;
        }
        return ran;
      });
      if (done === undefined) skipped += 1;
      else executed += done;
    } catch (error) {
      failed += 1;
      deps.logger.error({ err: error, requestId: candidate.request.id }, 'reconcile failed for a request');
    }
  }
  return { scanned: candidates.length, executed, skipped, failed };
}

const view = async (deps: ReconcileDeps, candidate: RequestView): Promise<RequestView> => (await deps.store.view(candidate.request.id))!;

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
  }
}
