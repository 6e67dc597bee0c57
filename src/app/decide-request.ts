import { chooseDuration, type DurationChoices } from '../domain/request/allow-duration.ts';
import { checkDecision, type DecisionRefusal } from '../domain/request/approval-policy.ts';
import { slackUser, type Decision, type MessageRef } from '../domain/request/request.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { activateAllow, type ActivateDeps } from './activate-allow.ts';
import { mustMove } from './must-move.ts';
import { withLease } from './with-lease.ts';
import type { ApproverDirectory, RequestView } from './ports.ts';
import { runSafely } from './run-safely.ts';

export interface DecideDeps extends ActivateDeps {
  readonly approvers: ApproverDirectory;
  readonly durations: DurationChoices;
}

export interface DecideInput {
  readonly requestId: string;
  /** Slack-verified id of the user who clicked. */
  readonly deciderId: string;
  readonly decision: 'approve' | 'deny';
  /** The duration select's value as Slack sent it (untrusted); undefined when untouched. */
  readonly durationValue: string | undefined;
  readonly clickedMessage: MessageRef;
}

export type DecideRefusal =
  | { readonly code: 'not_found' }
  | { readonly code: 'duration_not_offered' }
  | { readonly code: Exclude<DecisionRefusal, 'already_decided'> }
  /** Someone decided first; `decision` says who and what. */
  | { readonly code: 'already_decided'; readonly view: RequestView };

/**
 * Approve or deny from the approval message. Exactly one decision wins: the status moves by
 * compare-and-set, and every other click (double clicks, a second approver) gets `already_decided`.
 * An approval then activates the allow indicator.
 */
export async function decideRequest(deps: DecideDeps, input: DecideInput): Promise<Result<RequestView, DecideRefusal>> {
  const request = await deps.store.get(input.requestId);
  if (!request) return err({ code: 'not_found' });
  const policy = checkDecision({
    request,
    deciderId: input.deciderId,
    deciderIsApprover: await deps.approvers.isApprover(input.deciderId),
    clickedMessage: input.clickedMessage,
  });
  if (!policy.ok) {
    if (policy.error !== 'already_decided') return err({ code: policy.error });
    return err({ code: 'already_decided', view: (await deps.store.view(request.id))! });
  }
  const duration = chooseDuration(input.durationValue, deps.durations);
  if (input.decision === 'approve' && !duration.ok) return err({ code: 'duration_not_offered' });

  const decidedAt = deps.clock.now();
  const approved = input.decision === 'approve' && duration.ok;
  const decision: Decision = approved
    ? { outcome: 'approved', deciderId: input.deciderId, decidedAt, duration: duration.value.iso, allowUntil: new Date(decidedAt.getTime() + duration.value.ms) }
    : { outcome: 'denied', deciderId: input.deciderId, decidedAt, duration: null, allowUntil: null };
  const event = approved ? 'approved' : 'denied';
  const moved = await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, event),
    record: { event, decision },
    audit: {
      actor: slackUser(input.deciderId),
      at: decidedAt,
      action: event,
      details: { duration: decision.duration, allowUntil: decision.allowUntil?.toISOString() ?? null },
    },
  });
  if (!moved) return err({ code: 'already_decided', view: (await deps.store.view(request.id))! });

  const view = (await deps.store.view(request.id))!;
  // The controls go away at once; an approval's outcome follows in the thread once Defender answers.
  await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(view));
  if (approved) {
    // Under the request's lease, like the reconciler, so the two never activate it at the same time.
    const activated = await withLease(deps, request.id, `decision:${request.id}`, () => activateAllow(deps, request.id));
    return ok(activated ?? (await deps.store.view(request.id))!);
  }
  await runSafely(deps.logger, 'post decision to thread', () => deps.notifier.postToThread(view, { kind: 'decided' }));
  await runSafely(deps.logger, 'tell requester', () => deps.notifier.notifyRequester(view, { kind: 'denied' }));
  return ok(view);
}
