import { allowIndicatorText } from '../domain/indicator/allow-indicator-text.ts';
import type { ExistingIndicator } from '../domain/indicator/existing-indicator.ts';
import { checkExtension, type ExtendRefusal } from '../domain/lifecycle/allow-permissions.ts';
import { chooseDuration } from '../domain/request/allow-duration.ts';
import { approvalRule, durationChoicesFor, type DecisionPolicy } from '../domain/request/approval-rule.ts';
import { allowEnd, approverIds, slackUser, system } from '../domain/request/request.ts';
import { lastsUntil, sameToTheSecond } from '../domain/time/whole-seconds.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { ExternalServiceError } from './support/external-service-error.ts';
import { allowControlMessages } from './support/allow-controls.ts';
import { clickedOwnMessage, type ClickedSurface } from '../domain/request/own-message.ts';
import { findOwnIndicators } from './support/own-indicators.ts';
import { withLeaseWaiting } from './support/with-lease.ts';
import type { ApproverDirectory } from './ports/approver-directory.ts';
import type { IndicatorGateway } from './ports/defender.ts';
import type { Notifier } from './ports/notifier.ts';
import type { RequestRecords } from './ports/request-records.ts';
import type { WorkClaims } from './ports/work-claims.ts';
import type { RequestView } from './ports/request-view.ts';
import type { Clock, Logger } from './ports/runtime.ts';
import { runSafely } from './support/run-safely.ts';
import { reminderQueued } from './support/allow-controls.ts';
import { requireView } from './support/require-view.ts';

export interface ExtendDeps {
  readonly store: RequestRecords & WorkClaims;
  readonly indicators: IndicatorGateway;
  readonly notifier: Notifier;
  readonly approvers: ApproverDirectory;
  /** The durations offered (a threat verdict's allow is extended by MAX_THREAT_ALLOW_DURATION at most). */
  readonly decisionPolicy: DecisionPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a click waits for another change to the same allow, in ms (CLICK_LEASE_WAIT_MS when absent). */
  readonly clickLeaseWaitMs?: number;
}

export interface ExtendInput {
  readonly requestId: string;
  /** Slack-verified id of the user who clicked. */
  readonly actorId: string;
  /** The duration select's value as Slack sent it (untrusted); undefined when untouched. */
  readonly durationValue: string | undefined;
  /** The message clicked, or the clicker's Home tab (controls drawn for this request). */
  readonly clickedMessage: ClickedSurface;
}

export type ExtendFailure =
  /** `busy`: another change to this allow was under way and did not finish within CLICK_LEASE_WAIT_MS. */
  | { readonly code: 'not_found' | 'wrong_message' | 'duration_not_offered' | 'conflict' | 'busy' | ExtendRefusal['code'] }
  | { readonly code: 'defender_failed'; readonly message: string; readonly retryable: boolean }
  /** The allow rides on an indicator Unblock did not create, which ends before the requested end. */
  | { readonly code: 'reused_indicator_ends_sooner'; readonly endsAt: Date };

/**
 * Extends an active allow to `now + chosen duration` (the offered durations are within
 * MAX_ALLOW_DURATION, or MAX_THREAT_ALLOW_DURATION for a threat verdict, so the allow never ends later than that from now), rounded down to the whole
 * second Defender keeps. Only an approver who is not the requester, and never an allow that needed
 * two different approvers (checkExtension). Defender's indicator gets the new
 * expirationTime; once Defender accepted it the extension is always recorded, with what Defender
 * then holds (read back, to the second), so an approved extension is never forgotten; a difference
 * is shown in the thread; a write whose answer was lost is looked for before the clicker hears that
 * nothing changed. It runs under the request's lease (waiting for a reconciler round or another
 * click to finish), so two extensions, or an extension and a revoke, never interleave. The reminder
 * is re-armed for the new end.
 */
export async function extendAllow(deps: ExtendDeps, input: ExtendInput): Promise<Result<RequestView, ExtendFailure>> {
  // A request that was never approved has no lease to take, and nothing an extension could change.
  if ((await deps.store.view(input.requestId))?.lifecycle == null) return extendUnderLease(deps, input);
  const outcome = await withLeaseWaiting(deps, input.requestId, `click:extend:${input.actorId}`, () => extendUnderLease(deps, input), deps.clickLeaseWaitMs);
  return outcome ?? err({ code: 'busy' });
}

async function extendUnderLease(deps: ExtendDeps, input: ExtendInput): Promise<Result<RequestView, ExtendFailure>> {
  const view = await deps.store.view(input.requestId);
  if (!view) return err({ code: 'not_found' });
  if (!clickedOwnMessage(allowControlMessages(view), input.clickedMessage, view.request.id)) return err({ code: 'wrong_message' });
  const rule = approvalRule(view.evidence, deps.decisionPolicy);
  const { request, decision, indicator } = view;
  // Refused before anything else is judged: the Extend control is not offered for such an allow, so this is a forged or stale click.
  if (rule.requiredApprovals > 1 && request.status === 'active') return err({ code: 'needs_two_approvers' });
  const duration = chooseDuration(input.durationValue, durationChoicesFor(rule, deps.decisionPolicy));
  if (!duration.ok) return err({ code: 'duration_not_offered' });
  const currentEnd = allowEnd(decision, view.extensions);
  if (decision === null || indicator === null || currentEnd === null) return err({ code: 'not_active' });
  const now = deps.clock.now();
  const allowed = checkExtension({
    status: request.status,
    requesterId: request.requesterId,
    actorId: input.actorId,
    actorIsApprover: await deps.approvers.isApprover(input.actorId),
    requiredApprovals: rule.requiredApprovals,
    currentEnd,
    now,
    durationMs: duration.value.ms,
  });
  if (!allowed.ok) return err(allowed.error);
  const until = allowed.value;

  let held: HeldIndicator = { defenderId: indicator.defenderId, expiresAt: indicator.expiresAt };
  if (indicator.reusedExisting) {
    // Someone else's indicator is never rewritten: it must already cover the longer allow.
    if (!lastsUntil(indicator.expiresAt, until)) return err({ code: 'reused_indicator_ends_sooner', endsAt: indicator.expiresAt! });
  } else {
    try {
      const updated = await deps.indicators.submitAllow({
        target: indicator.target,
        dryRun: request.dryRun === true,
        // The approved scope, unchanged: an extension lengthens the allow, it never widens it.
        rbacGroupNames: decision.rbacGroupNames,
        expiresAt: until,
        ...allowIndicatorText({
          requestNumber: request.number,
          requestId: request.id,
          target: indicator.target,
          requesterId: request.requesterId,
          approverIds: approverIds(decision, view.approvals),
          reason: request.reason,
          decidedAt: decision.decidedAt,
          allowUntil: until,
          extendedBy: input.actorId,
        }),
      });
      held = await whatDefenderHolds(deps, indicator.target.value, updated);
    } catch (error) {
      if (!(error instanceof ExternalServiceError)) throw error;
      // The answer may be lost although Defender carried the write out: look before saying nothing changed.
      const landed = error.retryable ? await landedDespiteError(deps, view, until) : null;
      if (landed === null) return err({ code: 'defender_failed', message: error.userMessage, retryable: error.retryable });
      held = landed;
    }
  }
  const recorded = await deps.store.extend({
    id: request.id,
    from: { status: request.status, version: request.version },
    extension: { actorId: input.actorId, at: now, duration: duration.value.iso, fromExpiry: currentEnd, toExpiry: until },
    indicator: held,
    audit: {
      actor: slackUser(input.actorId),
      at: now,
      action: 'allow.extended',
      details: {
        duration: duration.value.iso,
        from: currentEnd.toISOString(),
        to: until.toISOString(),
        defenderId: held.defenderId,
        defenderExpiresAt: held.expiresAt?.toISOString() ?? null,
        ...(held.defenderId === indicator.defenderId ? {} : { previousDefenderId: indicator.defenderId }),
      },
    },
  });
  if (!recorded) {
    if (!indicator.reusedExisting) await undoAfterLostRace(deps, request.id, held.defenderId);
    return err({ code: 'conflict' });
  }
  const extended = await requireView(deps.store, request.id);
  if (reminderQueued(extended)) {
    await runSafely(deps.logger, 'settle reminder', () => deps.notifier.settleReminder(extended, { kind: 'extended', actorId: input.actorId }));
  }
  await runSafely(deps.logger, 'post extension', () =>
    deps.notifier.postToThread(extended, {
      kind: 'extended',
      actorId: input.actorId,
      ...(held.defenderId === indicator.defenderId ? {} : { previousDefenderId: indicator.defenderId }),
    }),
  );
  await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(extended));
  await runSafely(deps.logger, 'tell reporters', () => deps.notifier.notifyRequester(extended, { kind: 'extended' }));
  return ok(extended);
}

/** The allow indicator as Defender holds it after a write. */
type HeldIndicator = { readonly defenderId: string; readonly expiresAt: Date | null };

/**
 * What Defender holds after accepting an update: read back by id, since the answer to a POST says
 * what was accepted rather than what is kept. A failed read-back does not undo the accepted write;
 * the answer stands in for it, and the drift check compares again later.
 */
async function whatDefenderHolds(deps: ExtendDeps, value: string, updated: ExistingIndicator): Promise<HeldIndicator> {
  try {
    const holds = (await deps.indicators.findByValue(value)).find((i) => i.id === updated.id);
    if (holds) return { defenderId: holds.id, expiresAt: holds.expiresAt };
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    deps.logger.warn({ err: error, defenderId: updated.id }, 'could not read the extended indicator back; recording what Defender answered');
  }
  return { defenderId: updated.id, expiresAt: updated.expiresAt };
}

/**
 * After a failed write whose answer may have been lost (timeout, dropped connection, 5xx): the
 * indicator Defender holds for this request if it already carries the new end. Null when it does
 * not, or when Defender cannot be read either (a write that did land is then still found by its
 * title when the allow ends or is revoked, see findOwnIndicators).
 */
async function landedDespiteError(deps: ExtendDeps, view: RequestView, until: Date): Promise<HeldIndicator | null> {
  try {
    const landed = (await findOwnIndicators(deps.indicators, view)).find((i) => sameToTheSecond(i.expiresAt, until));
    return landed ? { defenderId: landed.id, expiresAt: landed.expiresAt } : null;
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    return null;
  }
}

/**
 * The extension was written to Defender but the request changed before it was recorded. If the
 * request is no longer active (revoked, expired), the indicator just written must not outlive it.
 */
async function undoAfterLostRace(deps: ExtendDeps, requestId: string, defenderId: string): Promise<void> {
  const now = await deps.store.view(requestId);
  if (now === null || now.request.status === 'active') return;
  const outcome = await deps.indicators.remove(defenderId);
  await deps.store.appendAudit(requestId, {
    actor: system('extension'),
    at: deps.clock.now(),
    action: 'allow.removed_after_race',
    details: { defenderId, status: now.request.status, outcome },
  });
}
