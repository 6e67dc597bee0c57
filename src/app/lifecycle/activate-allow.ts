import { allowIndicatorText, isOwnIndicator } from '../../domain/indicator/allow-indicator-text.ts';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import { planAllowIndicator } from '../../domain/indicator/plan-allow-indicator.ts';
import { REFUSED_RETRY_MS, retryDelayMs } from '../../domain/lifecycle/retry-backoff.ts';
import { allowEnd, approverIds, decidedTarget, system, type AllowIndicatorRecord } from '../../domain/request/request.ts';
import { ExternalServiceError } from '../support/external-service-error.ts';
import { mustMove } from '../support/must-move.ts';
import type { IndicatorGateway } from '../ports/defender.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';
import { runSafely } from '../support/run-safely.ts';
import { requireView } from '../support/require-view.ts';

export interface ActivateDeps {
  readonly store: RequestRecords;
  readonly indicators: IndicatorGateway;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Counts activations (`activations`) and times decision → active (`decision_to_active_seconds`). */
  readonly metrics: Metrics;
  /** Jitter source in [0, 1) for retry delays; Math.random when absent. */
  readonly random?: () => number;
}

const ACTOR = system('activation');

/**
 * Makes an approved request's allow real in Defender. It first looks the value up, so an indicator
 * created by an earlier attempt whose response was lost is recognised and recorded, never doubled;
 * an Allowed indicator that already lasts long enough is reused; otherwise it submits one that
 * expires exactly when the approval does. A Defender failure leaves the request approved, schedules
 * the next attempt with backoff (honouring Retry-After), and is audited; the thread and the
 * requester hear about the first failure. Returns the request's view afterwards.
 *
 * `current`: the request as its caller just wrote it while holding the lease (the approval), which
 * saves a read; a change since would still fail the final compare-and-set and undo the indicator.
 */
export async function activateAllow(deps: ActivateDeps, requestId: string, current?: RequestView): Promise<RequestView> {
  const before = current ?? await requireView(deps.store, requestId);
  const { request, decision } = before;
  const until = allowEnd(decision, before.extensions);
  if (request.status !== 'approved' || decision === null || until === null) return before;

  // What the approvers decided: the request's host or IP, or the reported URL when they chose a Url indicator.
  const target = decidedTarget(request, decision);
  let record: AllowIndicatorRecord;
  let others: readonly ExistingIndicator[];
  try {
    const existing = await deps.indicators.findByValue(target.value);
    const plan = planAllowIndicator(existing, target, until, request, decision.rbacGroupNames);
    if (plan.kind === 'scope_conflict') return await recordScopeConflict(deps, before, plan.indicator);
    others = plan.others;
    const indicator =
      plan.kind !== 'submit'
        ? plan.indicator
        : await deps.indicators.submitAllow({
            target,
            dryRun: request.dryRun === true,
            rbacGroupNames: decision.rbacGroupNames,
            expiresAt: until,
            ...allowIndicatorText({
              requestNumber: request.number,
              requestId: request.id,
              target,
              requesterId: request.requesterId,
              approverIds: approverIds(decision, before.approvals),
              reason: request.reason,
              decidedAt: decision.decidedAt,
              allowUntil: until,
            }),
          });
    record = {
      defenderId: indicator.id,
      target,
      expiresAt: indicator.expiresAt,
      reusedExisting: plan.kind !== 'submit' && !isOwnIndicator(indicator, request),
      // As Defender answered: a reused indicator may reach more devices than were approved.
      rbacGroupNames: indicator.rbacGroupNames ?? [],
      recordedAt: deps.clock.now(),
    };
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    return recordFailure(deps, before, error);
  }

  const moved = await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, 'indicator_active'),
    record: { event: 'indicator_active', indicator: record },
    audit: {
      actor: ACTOR,
      at: record.recordedAt,
      action: record.reusedExisting ? 'allow.reused' : 'allow.created',
      details: {
        defenderId: record.defenderId,
        expiresAt: record.expiresAt?.toISOString() ?? null,
        rbacGroupNames: [...record.rbacGroupNames],
        others: others.map((o) => o.id),
      },
    },
  });
  if (!moved) return afterLostRace(deps, request.id, record);
  deps.metrics.increment('activations', { outcome: 'active' });
  deps.metrics.observe('decision_to_active_seconds', (record.recordedAt.getTime() - decision.decidedAt.getTime()) / 1000);
  await deps.store.updateLifecycle(request.id, { nextActivationAt: null, activationFailingSince: null, lastActivationError: null });
  const view = await requireView(deps.store, request.id);
  await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(view));
  await runSafely(deps.logger, 'post indicator to thread', () => deps.notifier.postToThread(view, { kind: 'allow_active', others }));
  await runSafely(deps.logger, 'tell requester', () => deps.notifier.notifyRequester(view, { kind: 'allow_active' }));
  return view;
}

/**
 * Someone changed the request while Defender was being called. If it was revoked (or otherwise
 * closed) the indicator just created must not outlive it: delete it.
 */
async function afterLostRace(deps: ActivateDeps, requestId: string, record: AllowIndicatorRecord): Promise<RequestView> {
  const view = await requireView(deps.store, requestId);
  if (view.request.status === 'active' || record.reusedExisting) return view;
  const outcome = await deps.indicators.remove(record.defenderId);
  await deps.store.appendAudit(requestId, {
    actor: ACTOR,
    at: deps.clock.now(),
    action: 'allow.removed_after_race',
    details: { defenderId: record.defenderId, status: view.request.status, outcome },
  });
  return view;
}

/**
 * Someone else's Allowed indicator holds the value for other device groups (plan `scope_conflict`).
 * Submitting would rewrite its scope in place and riding on it would leave approved devices blocked,
 * so neither is done: the attempt is recorded like a refusal (audited; the thread and approvers are
 * told once) and tried again every REFUSED_RETRY_MS, in case its owner widens or removes it.
 */
async function recordScopeConflict(deps: ActivateDeps, view: RequestView, theirs: ExistingIndicator): Promise<RequestView> {
  const alertNow = (view.lifecycle?.activationAlertedAt ?? null) === null;
  const attempts = await recordAttempt(deps, view, {
    delayMs: REFUSED_RETRY_MS,
    lastError: `scope conflict with indicator ${theirs.id}`,
    alertNow,
    details: {
      failure: 'scope_conflict',
      defenderId: theirs.id,
      theirGroups: [...(theirs.rbacGroupNames ?? [])],
      approvedGroups: [...(view.decision?.rbacGroupNames ?? [])],
    },
  });
  if (alertNow) {
    await runSafely(deps.logger, 'alert scope conflict', () =>
      deps.notifier.postToThread(view, { kind: 'scope_conflict', indicator: theirs, retryInMs: REFUSED_RETRY_MS }),
    );
  }
  if (attempts === 1) {
    await runSafely(deps.logger, 'tell requester', () => deps.notifier.notifyRequester(view, { kind: 'approved_not_active' }));
  }
  return await requireView(deps.store, view.request.id);
}

/**
 * Records a failed attempt and schedules the next. An outage (retryable: throttled, unavailable,
 * timeout) backs off exponentially, honouring Retry-After, and the thread hears about the first
 * failure; a refusal that trying again cannot fix (not retryable) alerts the thread and every
 * approver at once, with Defender's reason, and is tried again only every REFUSED_RETRY_MS, in case
 * someone fixes the cause.
 */
async function recordFailure(deps: ActivateDeps, view: RequestView, error: ExternalServiceError): Promise<RequestView> {
  deps.logger.error({ err: error, requestId: view.request.id }, 'could not activate the allow indicator');
  deps.metrics.increment('activations', { outcome: 'failed' });
  const refused = !error.retryable;
  const alertNow = refused && (view.lifecycle?.activationAlertedAt ?? null) === null;
  const attempts = (view.lifecycle?.activationAttempts ?? 0) + 1;
  const delay = refused ? REFUSED_RETRY_MS : retryDelayMs(attempts, error.retryAfterSeconds, (deps.random ?? Math.random)());
  await recordAttempt(deps, view, {
    delayMs: delay,
    lastError: error.userMessage,
    alertNow,
    details: { service: error.service, failure: error.failure, status: error.status ?? null, retryable: error.retryable, message: error.userMessage },
  });
  if (alertNow) {
    await runSafely(deps.logger, 'alert activation refused', () =>
      deps.notifier.postToThread(view, { kind: 'activation_refused', error: error.userMessage, retryInMs: delay }),
    );
  } else if (attempts === 1) {
    await runSafely(deps.logger, 'post activation failure', () =>
      deps.notifier.postToThread(view, { kind: 'activation_failed', error: error.userMessage }),
    );
  }
  if (attempts === 1) {
    await runSafely(deps.logger, 'tell requester', () => deps.notifier.notifyRequester(view, { kind: 'approved_not_active' }));
  }
  return await requireView(deps.store, view.request.id);
}

/**
 * Writes one failed activation attempt: the attempt count, when the next is due (`delayMs` from
 * now), since when it has been failing, the last error, the alert stamp when `alertNow`, and an
 * `allow.activation_failed` audit entry with `details` (plus the attempt and retryInMs). Returns
 * the attempt's number (1 for the first).
 */
async function recordAttempt(
  deps: ActivateDeps,
  view: RequestView,
  failure: { readonly delayMs: number; readonly lastError: string; readonly alertNow: boolean; readonly details: Record<string, unknown> },
): Promise<number> {
  const now = deps.clock.now();
  const attempts = (view.lifecycle?.activationAttempts ?? 0) + 1;
  await deps.store.updateLifecycle(
    view.request.id,
    {
      activationAttempts: attempts,
      nextActivationAt: new Date(now.getTime() + failure.delayMs),
      activationFailingSince: view.lifecycle?.activationFailingSince ?? now,
      lastActivationError: failure.lastError,
      ...(failure.alertNow ? { activationAlertedAt: now } : {}),
    },
    { actor: ACTOR, at: now, action: 'allow.activation_failed', details: { attempt: attempts, ...failure.details, retryInMs: failure.delayMs } },
  );
  return attempts;
}
