import { chooseIndicator, indicatorChoices } from '../domain/indicator/indicator-choices.ts';
import { chooseDuration } from '../domain/request/allow-duration.ts';
import { chooseScope, proposedScope, rbacGroupNamesOf } from '../domain/request/allow-scope.ts';
import { approvalRule, durationChoicesFor, type DecisionPolicy } from '../domain/request/approval-rule.ts';
import { checkDecision, type DecisionRefusal } from '../domain/request/approval-policy.ts';
import { pendingClosesAt, pendingDue, type PendingPolicy } from '../domain/request/pending-due.ts';
import { slackUser, type Approval, type Decision } from '../domain/request/request.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { activateAllow, type ActivateDeps } from './lifecycle/activate-allow.ts';
import { approveRequest, LOST_RACE } from './support/approve-request.ts';
import type { ClickedSurface } from '../domain/request/own-message.ts';
import { mustMove } from './support/must-move.ts';
import { holdingLease } from './support/with-lease.ts';
import type { ApproverDirectory } from './ports/approver-directory.ts';
import type { LeaseClaim } from './ports/work-claims.ts';
import type { RequestView } from './ports/request-view.ts';
import { runSafely } from './support/run-safely.ts';
import type { RequestRecords } from './ports/request-records.ts';
import type { WorkClaims } from './ports/work-claims.ts';
import { requireView } from './support/require-view.ts';

export interface DecideDeps extends ActivateDeps {
  /** Records, and the lease the approval hands to its activation. */
  readonly store: RequestRecords & WorkClaims;
  readonly approvers: ApproverDirectory;
  /** The durations offered and the C2 override (from the configuration). */
  readonly decisionPolicy: DecisionPolicy;
  /** PENDING_TTL: past it a request can no longer be approved, whether or not the reconciler has closed it yet. */
  readonly pending: PendingPolicy;
}

export interface DecideInput {
  readonly requestId: string;
  /** Slack-verified id of the user who clicked. */
  readonly deciderId: string;
  readonly decision: 'approve' | 'deny';
  /** The duration select's value as Slack sent it (untrusted); undefined when untouched. */
  readonly durationValue: string | undefined;
  /** The indicator-kind select's value as Slack sent it (untrusted); undefined when untouched or not shown. */
  readonly indicatorValue?: string | undefined;
  /** The scope select's value as Slack sent it (untrusted: the proposed groups' value or `all_devices`); undefined when untouched or not shown. */
  readonly scopeValue?: string | undefined;
  /** The message clicked, or the clicker's Home tab (controls drawn for this request). */
  readonly clickedMessage: ClickedSurface;
}

export type DecideRefusal =
  | { readonly code: 'not_found' }
  | { readonly code: 'duration_not_offered' }
  /** Approve is not offered for this request (a command-and-control verdict without ALLOW_C2_OVERRIDE). */
  | { readonly code: 'approval_not_offered' }
  /**
   * PENDING_TTL has passed since the report (at `closesAt`, UTC): the request is closed undecided,
   * or about to be by the reconciler, and can no longer be approved.
   */
  | { readonly code: 'pending_closed'; readonly closesAt: Date; readonly number: number }
  | { readonly code: 'indicator_not_offered' }
  /** The scope select's value is not one the message offered. */
  | { readonly code: 'scope_not_offered' }
  /** The device groups the approver was shown are no longer the ones proposed (a later report widened them). */
  | { readonly code: 'scope_changed' }
  /** This approver already approved a request that needs a second, different approver. */
  | { readonly code: 'already_approved_by_you' }
  /** Other clicks kept changing the request while this one was being decided. */
  | { readonly code: 'busy' }
  | { readonly code: Exclude<DecisionRefusal['code'], 'already_decided'> }
  /** Someone decided first; `view` (its decision) says who and what. */
  | { readonly code: 'already_decided'; readonly view: RequestView };

type DecideAttempt = Result<RequestView, DecideRefusal> | typeof LOST_RACE;

/**
 * Each lost compare-and-set means another click changed the request (an approval, the decision), and
 * a pending request changes only a few times before it is decided, so a few attempts always suffice
 * in practice; past them the clicker is asked to try again rather than waiting unboundedly.
 */
const MAX_ATTEMPTS = 4;

/**
 * Approve or deny from the approval message. Exactly one decision wins: the status moves by
 * compare-and-set, and a click that loses re-reads the request and is judged again, so a second
 * approver racing the first still completes a two-approver request while a double click hears
 * `already_decided`. A deny decides at once; an approval decides once enough different approvers
 * approved, and then activates the allow indicator. Once PENDING_TTL has passed since the report,
 * Approve is refused (`pending_closed`) while Deny is still taken: it only narrows (nothing is
 * allowed), and it records who closed the request and why.
 */
export async function decideRequest(deps: DecideDeps, input: DecideInput): Promise<Result<RequestView, DecideRefusal>> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const outcome = await decideOnce(deps, input);
    if (outcome !== LOST_RACE) return outcome;
  }
  return err({ code: 'busy' });
}

async function decideOnce(deps: DecideDeps, input: DecideInput): Promise<DecideAttempt> {
  const view = await deps.store.view(input.requestId);
  if (!view) return err({ code: 'not_found' });
  const { request } = view;
  const policy = checkDecision({
    request,
    deciderId: input.deciderId,
    deciderIsApprover: await deps.approvers.isApprover(input.deciderId),
    clickedMessage: input.clickedMessage,
  });
  if (!policy.ok) return policy.error.code === 'already_decided' ? err({ code: 'already_decided', view }) : err({ code: policy.error.code });
  if (input.decision === 'deny') return deny(deps, view, input.deciderId);

  const rule = approvalRule(view.evidence, deps.decisionPolicy);
  if (!rule.approvable) return err({ code: 'approval_not_offered' });
  // One instant judges the click and stamps the approval: a click at PENDING_TTL or later never
  // approves, even before the reconciler closes the request (and a click judged earlier that loses
  // its compare-and-set to the close is judged again on the closed request).
  const now = deps.clock.now();
  if (pendingDue(request, now, deps.pending) === 'expire') {
    return err({ code: 'pending_closed', closesAt: pendingClosesAt(request.createdAt, deps.pending), number: request.number });
  }
  const duration = chooseDuration(input.durationValue, durationChoicesFor(rule, deps.decisionPolicy));
  if (!duration.ok) return err({ code: 'duration_not_offered' });
  const indicator = chooseIndicator(input.indicatorValue, indicatorChoices(request));
  if (!indicator.ok) return err({ code: 'indicator_not_offered' });
  // The scope proposed now (from the evidence as it is when the click is judged): what this approver saw.
  const scope = chooseScope(input.scopeValue, proposedScope(view.evidence));
  if (!scope.ok) return err(scope.error);
  const approval: Approval = {
    approverId: input.deciderId,
    at: now,
    duration: duration.value.iso,
    indicatorType: indicator.value.type,
    rbacGroupNames: rbacGroupNamesOf(scope.value),
  };
  const approved = await approveRequest(deps, view, approval, rule.requiredApprovals);
  if (approved === LOST_RACE) return LOST_RACE;
  switch (approved.kind) {
    case 'already_approved': {
      // The view's rows are read one after another, so this click may have seen its own earlier
      // approval already decided but the status not yet: judge it on a fresh read.
      const fresh = await requireView(deps.store, request.id);
      return fresh.request.status === 'pending_approval' ? err({ code: 'already_approved_by_you' }) : err({ code: 'already_decided', view: fresh });
    }
    case 'waiting':
      return ok(approved.view);
    case 'decided':
      countDecision(deps, approved.view);
      return ok(await afterApproval(deps, approved.view, approved.lease));
  }
}

async function deny(deps: DecideDeps, view: RequestView, deciderId: string): Promise<DecideAttempt> {
  const { request } = view;
  const decision: Decision = { outcome: 'denied', deciderId, decidedAt: deps.clock.now(), duration: null, allowUntil: null, indicator: null, rbacGroupNames: [] };
  const moved = await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, 'denied'),
    record: { event: 'denied', decision },
    audit: { actor: slackUser(deciderId), at: decision.decidedAt, action: 'request.denied', details: { duration: null, allowUntil: null } },
  });
  if (!moved) return LOST_RACE;
  const denied = await requireView(deps.store, request.id);
  countDecision(deps, denied);
  // The controls go away at once.
  await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(denied));
  await runSafely(deps.logger, 'post decision to thread', () => deps.notifier.postToThread(denied, { kind: 'decided' }));
  await runSafely(deps.logger, 'tell requester', () => deps.notifier.notifyRequester(denied, { kind: 'denied' }));
  return ok(denied);
}

/** Counts the one decision just written, and how long after the report it came (`report_to_decision_seconds`). */
function countDecision(deps: DecideDeps, view: RequestView): void {
  const { decision } = view;
  if (decision === null) return;
  deps.metrics.increment('decisions', { decision: decision.outcome });
  deps.metrics.observe('report_to_decision_seconds', (decision.decidedAt.getTime() - view.request.createdAt.getTime()) / 1000, { decision: decision.outcome });
}

/**
 * Once approved: the controls go away at once, and the allow is activated under the lease the
 * approval took; the outcome follows in the thread once Defender answers.
 */
async function afterApproval(deps: DecideDeps, decided: RequestView, lease: LeaseClaim): Promise<RequestView> {
  const requestId = decided.request.id;
  // Under the request's lease, like the reconciler, so the two never activate it at the same time;
  // nobody could change the request since the decision, so the view as written needs no second read.
  const activated = holdingLease(deps, requestId, lease.owner, () => activateAllow(deps, requestId, decided));
  // Queued (rendered from the request as it is when sent) while the activation reads Defender.
  const refreshed = runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(decided));
  const [view] = await Promise.all([activated, refreshed]);
  return view;
}
