import { AUDIT_KINDS, type BlockEvent } from '../../domain/evidence/block-event.ts';
import { verifyDueAt } from '../../domain/lifecycle/due-actions.ts';
import type { LifecyclePolicy } from '../../domain/lifecycle/lifecycle-policy.ts';
import type { AllowDuration } from '../../domain/request/allow-duration.ts';
import { system, heldUntil } from '../../domain/request/request.ts';
import type { EvidenceSource } from '../ports/defender.ts';
import type { Notifier, VerifyResult } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';
import { ExternalServiceError } from '../support/external-service-error.ts';
import { runSafely } from '../support/run-safely.ts';

export interface VerifyDeps {
  readonly store: RequestRecords;
  readonly evidence: EvidenceSource;
  readonly policy: Pick<LifecyclePolicy, 'verifyAfterMs' | 'verifyAgainAfterMs'>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

const ACTOR = system('reconciler');
const HOUR_MS = 3_600_000;
/** Defender keeps advanced hunting data for 30 days (defender-api.md §1, the quotas section). */
const MAX_WINDOW_HOURS = 30 * 24;

/**
 * The hunt's window (Graph's Timespan and the query's ago()): whole hours back to `since`, plus one
 * for clock skew between Unblock and Defender, at most 30 days. It follows the check, not
 * HUNTING_LOOKBACK, so a short lookback never hides blocks since the allow, and a check 2 hours
 * after activation scans 3 hours, not 7 days.
 */
export function windowBackTo(since: Date, now: Date): AllowDuration {
  const hours = Math.min(MAX_WINDOW_HOURS, Math.max(1, Math.ceil((now.getTime() - since.getTime()) / HOUR_MS) + 1));
  return { iso: `PT${hours}H`, ms: hours * HOUR_MS };
}

/**
 * Did the allow work? Hunts the request's host again for block events stamped after the allow
 * became active (its indicator's record time) or, at the second check, after the first (whose
 * blocks, before the allow had reached every device, were reported then), counts the devices still
 * blocked (audit-mode events are not blocks; a device outside a scoped allow's device groups is
 * counted apart, as still blocked by approval), records the check on the lifecycle with an
 * `allow.verified` audit entry, and tells the thread and every reporter. Runs under the request's
 * lease, from the reconciler only, so each check is made once across replicas. The hunt is a
 * background one: it leaves the rate budget's headroom to reports. Hunting that fails in a way
 * worth retrying (unavailable, throttled, no room in the budget) writes nothing and returns null:
 * the check stays due and the reconciler looks again a minute later; any other failure throws (the
 * reconciler retries it an hour later). A failed hunt is never reported as "no blocks". Returns
 * what was found, or null when nothing was checked.
 */
export async function verifyAllow(deps: VerifyDeps, view: RequestView): Promise<VerifyResult | null> {
  const { request, indicator, lifecycle } = view;
  if (request.status !== 'active' || indicator === null) return null;
  const previous = lifecycle !== null && lifecycle.verifyCount > 0 ? lifecycle.verifiedAt : null;
  const since = previous ?? indicator.recordedAt;
  let events: BlockEvent[];
  try {
    // A background hunt: it never takes the rate budget reports need, and waits for a later round instead.
    events = await deps.evidence.findBlockEvents(request.target, windowBackTo(since, deps.clock.now()), { since, background: true });
  } catch (error) {
    // Worth another try soon (Graph down or throttled, no room in the budget): nothing is written, so
    // the check stays due and the reconciler looks again a minute later. Anything else is its failure.
    if (!(error instanceof ExternalServiceError) || !error.retryable) throw error;
    deps.logger.warn({ err: error, requestId: request.id }, 'hunting for the check after activation must wait');
    return null;
  }
  const blocked = events.filter((e) => !AUDIT_KINDS.includes(e.kind));
  // A scoped allow reaches only its approved device groups (the decision's, widened by any approved
  // scope change): blocks elsewhere are as approved, not a failure. An indicator reused from someone
  // else may reach further; what was approved is what is judged.
  const groups = view.decision?.rbacGroupNames ?? indicator.rbacGroupNames;
  const reached = (e: BlockEvent): boolean => groups.length === 0 || (e.deviceGroup !== null && groups.includes(e.deviceGroup));
  const blockedDevices = new Set(blocked.filter(reached).map((e) => e.deviceId)).size;
  const outsideScopeDevices = new Set(blocked.filter((e) => !reached(e)).map((e) => e.deviceId)).size;
  const checkedAt = deps.clock.now();
  const check = (lifecycle?.verifyCount ?? 0) + 1;
  const next = verifyDueAt({ activatedAt: indicator.recordedAt, verifyCount: check, verifiedAt: checkedAt, verifyBlockedDevices: blockedDevices }, deps.policy);
  const end = heldUntil(view.decision, view.extensions, view.indicator);
  const result: VerifyResult = {
    since,
    sinceWhat: previous === null ? 'allow' : 'first_check',
    checkedAt,
    blockedDevices,
    outsideScopeDevices,
    // A result as long as the row cap may miss devices: "at least" then.
    capped: events.length >= deps.evidence.rowCap,
    nextCheckAt: next !== null && end !== null && next < end.getTime() ? new Date(next) : null,
  };
  await deps.store.updateLifecycle(
    request.id,
    { verifyCount: check, verifiedAt: checkedAt, verifyBlockedDevices: blockedDevices },
    {
      actor: ACTOR,
      at: checkedAt,
      action: 'allow.verified',
      details: { check, since: since.toISOString(), blockedDevices, outsideScopeDevices, blockEvents: blocked.length, nextCheckAt: result.nextCheckAt?.toISOString() ?? null },
    },
  );
  await runSafely(deps.logger, 'post the verification', () => deps.notifier.postToThread(view, { kind: 'verified', result }));
  await runSafely(deps.logger, 'tell the reporters the verification', () => deps.notifier.notifyRequester(view, { kind: 'verified', result }));
  return result;
}
