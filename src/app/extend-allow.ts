import { allowIndicatorText } from '../domain/indicator/allow-indicator-text.ts';
import { checkExtension, type ExtendRefusal } from '../domain/lifecycle/allow-permissions.ts';
import { chooseDuration, type DurationChoices } from '../domain/request/allow-duration.ts';
import { allowEnd, approverIds, slackUser, type MessageRef } from '../domain/request/request.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { ExternalServiceError } from './external-service-error.ts';
import { isRequestMessage } from './lifecycle-snapshot.ts';
import type { ApproverDirectory, Clock, IndicatorGateway, Logger, Notifier, RequestStore, RequestView } from './ports.ts';
import { runSafely } from './run-safely.ts';

export interface ExtendDeps {
  readonly store: RequestStore;
  readonly indicators: IndicatorGateway;
  readonly notifier: Notifier;
  readonly approvers: ApproverDirectory;
  readonly durations: DurationChoices;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type ExtendFailure =
  | { readonly code: 'not_found' | 'wrong_message' | 'duration_not_offered' | 'conflict' | ExtendRefusal }
  | { readonly code: 'defender_failed'; readonly message: string }
  | { readonly code: 'not_verified' }
  /** The allow rides on an indicator Unblock did not create, which ends before the requested end. */
  | { readonly code: 'reused_indicator_ends_sooner'; readonly endsAt: Date };

/**
 * Extends an active allow to `now + chosen duration` (the offered durations are within
 * MAX_ALLOW_DURATION, so the allow never ends later than that from now). Only an approver who is not
 * the requester. Defender's indicator gets the new expirationTime and the answer is checked before
 * anything is recorded; the reminder is re-armed for the new end.
 */
export async function extendAllow(
  deps: ExtendDeps,
  input: { readonly requestId: string; readonly actorId: string; readonly durationValue: string | undefined; readonly clickedMessage: MessageRef },
): Promise<Result<RequestView, ExtendFailure>> {
  const view = await deps.store.view(input.requestId);
  if (!view) return err({ code: 'not_found' });
  if (!isRequestMessage(view, input.clickedMessage)) return err({ code: 'wrong_message' });
  const duration = chooseDuration(input.durationValue, deps.durations);
  if (!duration.ok) return err({ code: 'duration_not_offered' });
  const { request, decision, indicator } = view;
  const currentEnd = allowEnd(decision, view.extensions);
  if (decision === null || indicator === null || currentEnd === null) return err({ code: 'not_active' });
  const now = deps.clock.now();
  const allowed = checkExtension({
    status: request.status,
    requesterId: request.requesterId,
    actorId: input.actorId,
    actorIsApprover: await deps.approvers.isApprover(input.actorId),
    currentEnd,
    now,
    durationMs: duration.value.ms,
  });
  if (!allowed.ok) return err({ code: allowed.error });
  const until = allowed.value;

  let indicatorExpiresAt = indicator.expiresAt;
  if (indicator.reusedExisting) {
    // Someone else's indicator is never rewritten: it must already cover the longer allow.
    if (indicator.expiresAt !== null && indicator.expiresAt.getTime() < until.getTime()) {
      return err({ code: 'reused_indicator_ends_sooner', endsAt: indicator.expiresAt });
    }
  } else {
    try {
      const updated = await deps.indicators.submitAllow({
        target: indicator.target,
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
      // Verify what Defender now holds, not only what it answered.
      const holds = (await deps.indicators.findByValue(indicator.target.value)).find((i) => i.id === indicator.defenderId);
      if (updated.id !== indicator.defenderId || holds?.expiresAt?.getTime() !== until.getTime()) return err({ code: 'not_verified' });
      indicatorExpiresAt = holds.expiresAt;
    } catch (error) {
      if (!(error instanceof ExternalServiceError)) throw error;
      return err({ code: 'defender_failed', message: error.userMessage });
    }
  }
  const recorded = await deps.store.extend({
    id: request.id,
    from: { status: request.status, version: request.version },
    extension: { actorId: input.actorId, at: now, duration: duration.value.iso, fromExpiry: currentEnd, toExpiry: until },
    indicatorExpiresAt,
    audit: {
      actor: slackUser(input.actorId),
      at: now,
      action: 'extended',
      details: { duration: duration.value.iso, from: currentEnd.toISOString(), to: until.toISOString(), defenderId: indicator.defenderId },
    },
  });
  if (!recorded) return err({ code: 'conflict' });
  const extended = (await deps.store.view(request.id))!;
  if (extended.lifecycle?.reminder) {
    await runSafely(deps.logger, 'settle reminder', () => deps.notifier.settleReminder(extended, { kind: 'extended', actorId: input.actorId }));
  }
  await runSafely(deps.logger, 'post extension', () => deps.notifier.postToThread(extended, { kind: 'extended', actorId: input.actorId }));
  await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(extended));
  await runSafely(deps.logger, 'tell reporters', () => deps.notifier.notifyRequester(extended, { kind: 'extended' }));
  return ok(extended);
}
