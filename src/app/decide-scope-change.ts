import { allowIndicatorText } from '../domain/indicator/allow-indicator-text.ts';
import { approvalRule, type DecisionPolicy } from '../domain/request/approval-rule.ts';
import { clickedOwnMessage, type ClickedSurface } from '../domain/request/own-message.ts';
import { allowEnd, approverIds, slackUser, type RequestStatus } from '../domain/request/request.ts';
import { scopeChangeValue } from '../domain/request/scope-change.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { ApproverDirectory } from './ports/approver-directory.ts';
import type { IndicatorGateway } from './ports/defender.ts';
import type { Notifier, ScopeChangeDecision } from './ports/notifier.ts';
import type { RequestRecords } from './ports/request-records.ts';
import type { RequestView } from './ports/request-view.ts';
import type { Clock, Logger } from './ports/runtime.ts';
import type { WorkClaims } from './ports/work-claims.ts';
import { ExternalServiceError } from './support/external-service-error.ts';
import { requireView } from './support/require-view.ts';
import { runSafely } from './support/run-safely.ts';
import { withLeaseWaiting } from './support/with-lease.ts';

/** Compare-and-set attempts when joins keep widening the proposal while an approval is recorded. */
const MAX_ATTEMPTS = 3;

export interface DecideScopeChangeDeps {
  readonly store: RequestRecords & WorkClaims;
  readonly indicators: IndicatorGateway;
  readonly notifier: Notifier;
  readonly approvers: ApproverDirectory;
  /** Tells a threat verdict's request (two approvers) apart. */
  readonly decisionPolicy: DecisionPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a click waits for another change to the same allow, in ms (CLICK_LEASE_WAIT_MS when absent). */
  readonly clickLeaseWaitMs?: number;
}

export interface DecideScopeChangeInput {
  readonly requestId: string;
  /** Slack-verified id of the user who clicked. */
  readonly deciderId: string;
  readonly decision: 'approve' | 'deny';
  /** The proposal the buttons were drawn for (scopeChangeValue of its groups), as Slack sent it (untrusted). */
  readonly proposalValue: string | undefined;
  /** Scope changes are decided in the thread only: a Home tab click is refused as `wrong_message`. */
  readonly clickedMessage: ClickedSurface;
}

export type DecideScopeChangeRefusal =
  | {
      readonly code:
        | 'not_found'
        | 'not_an_approver'
        | 'self_approval_forbidden'
        | 'wrong_message'
        /** No scope change is open (decided already, or the allow ended). */
        | 'no_open_scope_change'
        /** The buttons were drawn for another set of device groups than the one proposed now. */
        | 'stale_scope_change'
        /** A threat verdict's allow needs two approvers: its scope is widened only by a fresh report. */
        | 'needs_fresh_report'
        /** The allow rides on someone else's indicator, which Unblock never rewrites. */
        | 'not_our_indicator'
        /** Another change to this allow was under way and did not finish in time, or a racing click won. */
        | 'busy';
    }
  | { readonly code: 'defender_failed'; readonly message: string; readonly retryable: boolean };

/**
 * Approve scope change / Deny, from the scope-change message in an active allow's thread.
 *
 * Only an approver who is not the requester, clicking on the request's own scope-change message,
 * for exactly the device groups proposed now (else `stale_scope_change`). Approving resubmits
 * Unblock's own indicator with the wider rbacGroupNames (same value, type and action, so Defender
 * updates it in place — defender-api.md "Submit indicator"; same expiry, to the second) under the
 * request's lease, then records the new scope on the allow indicator and the decision with the
 * proposal's close (compare-and-set, so two approvers at once make exactly one decision). A threat
 * verdict's allow (two approvers) is never widened here: `needs_fresh_report`. Denying closes the
 * proposal. Either way the message loses its buttons and says who decided; the thread and the
 * scope change's reporters are told. It never narrows: the proposal always contains the allow's groups.
 */
export async function decideScopeChange(deps: DecideScopeChangeDeps, input: DecideScopeChangeInput): Promise<Result<RequestView, DecideScopeChangeRefusal>> {
  const outcome = await withLeaseWaiting(deps, input.requestId, `click:scope:${input.deciderId}`, () => decideUnderLease(deps, input), deps.clickLeaseWaitMs);
  return outcome ?? err({ code: 'busy' });
}

async function decideUnderLease(deps: DecideScopeChangeDeps, input: DecideScopeChangeInput): Promise<Result<RequestView, DecideScopeChangeRefusal>> {
  const view = await deps.store.view(input.requestId);
  if (!view) return err({ code: 'not_found' });
  const { request, indicator, decision } = view;
  const proposal = request.scopeChange ?? null;
  if (!clickedOwnMessage([request.scopeChangeMessage ?? null], input.clickedMessage)) return err({ code: 'wrong_message' });
  if (!(await deps.approvers.isApprover(input.deciderId))) return err({ code: 'not_an_approver' });
  // Nobody approves access for themselves: neither the requester nor anyone whose report opened or widened the proposal.
  if (input.deciderId === request.requesterId || (proposal?.reporterIds ?? []).includes(input.deciderId)) return err({ code: 'self_approval_forbidden' });
  if (request.status !== 'active' || proposal === null || indicator === null || decision === null) return err({ code: 'no_open_scope_change' });
  if (input.proposalValue !== scopeChangeValue(proposal.groups)) return err({ code: 'stale_scope_change' });
  const before = [...indicator.rbacGroupNames];
  const from = { status: request.status, version: request.version };
  const actor = slackUser(input.deciderId);

  if (input.decision === 'deny') {
    const closed = await deps.store.closeScopeChange({
      id: request.id,
      from,
      audit: { actor, at: deps.clock.now(), action: 'allow.scope_change_denied', details: { before, proposed: [...proposal.groups] } },
    });
    if (!closed) return err({ code: 'busy' });
    const denied = await requireView(deps.store, request.id);
    await tell(deps, denied, proposal.reporterIds, { decision: 'denied', actorId: input.deciderId, before, proposed: proposal.groups });
    return ok(denied);
  }

  if (approvalRule(view.evidence, deps.decisionPolicy).requiredApprovals > 1) return err({ code: 'needs_fresh_report' });
  if (indicator.reusedExisting) return err({ code: 'not_our_indicator' });
  const expiresAt = indicator.expiresAt ?? allowEnd(decision, view.extensions);
  if (expiresAt === null) return err({ code: 'no_open_scope_change' });
  try {
    await deps.indicators.submitAllow({
      target: indicator.target,
      dryRun: request.dryRun === true,
      rbacGroupNames: proposal.groups,
      // The same expiry, to the second: a scope change widens who, never for how long.
      expiresAt,
      ...allowIndicatorText({
        requestNumber: request.number,
        requestId: request.id,
        target: indicator.target,
        requesterId: request.requesterId,
        approverIds: approverIds(decision, view.approvals),
        reason: request.reason,
        decidedAt: decision.decidedAt,
        allowUntil: expiresAt,
      }),
    });
  } catch (error) {
    if (!(error instanceof ExternalServiceError)) throw error;
    await deps.store.appendAudit(request.id, { actor, at: deps.clock.now(), action: 'allow.scope_change_failed', details: { proposed: [...proposal.groups], error: error.userMessage } });
    return err({ code: 'defender_failed', message: error.userMessage, retryable: error.retryable });
  }
  const changed = await recordApproved(deps, request.id, from, proposal.groups, { actor, before, defenderId: indicator.defenderId });
  if (changed === null) return err({ code: 'busy' });
  await tell(deps, changed, proposal.reporterIds, { decision: 'approved', actorId: input.deciderId, before, proposed: proposal.groups });
  if (changed.request.scopeChange) await runSafely(deps.logger, 'post remaining scope change', () => deps.notifier.postScopeChange(changed));
  return ok(changed);
}

/**
 * Records what Defender now holds (`groups`) and closes the proposal. Under the lease nobody else
 * changes the allow, but a join may widen the proposal while Defender was answering (its
 * compare-and-set bumps the version): then the approved groups are recorded all the same — Defender
 * holds them — and the groups the join added stay proposed as a new scope change with a message of
 * its own. Null when the allow ended meanwhile (its end deletes the indicator) or the writes kept losing.
 */
async function recordApproved(
  deps: DecideScopeChangeDeps,
  requestId: string,
  first: { readonly status: 'active'; readonly version: number },
  groups: readonly string[],
  what: { readonly actor: ReturnType<typeof slackUser>; readonly before: readonly string[]; readonly defenderId: string },
): Promise<RequestView | null> {
  let from: { readonly status: RequestStatus; readonly version: number } = first;
  let open: readonly string[] = groups;
  let openReporters: readonly string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const closed = await deps.store.closeScopeChange({
      id: requestId,
      from,
      newScope: groups,
      audit: { actor: what.actor, at: deps.clock.now(), action: 'allow.scope_changed', details: { before: [...what.before], after: [...groups], defenderId: what.defenderId } },
    });
    if (closed) {
      const remaining = open.filter((g) => !groups.includes(g));
      const after = await requireView(deps.store, requestId);
      if (remaining.length === 0 || after.request.status !== 'active') return after;
      const reopened = await deps.store.proposeScopeChange({
        id: requestId,
        from: { status: after.request.status, version: after.request.version },
        openedAt: deps.clock.now(),
        widensOpen: false,
        groups: open,
        reporterIds: openReporters,
        audit: { actor: what.actor, at: deps.clock.now(), action: 'allow.scope_change_proposed', details: { allowGroups: [...groups], added: remaining, proposed: [...open], reopenedAfterRace: true } },
      });
      return reopened ? requireView(deps.store, requestId) : after;
    }
    const fresh = await requireView(deps.store, requestId);
    const proposal = fresh.request.scopeChange ?? null;
    if (fresh.request.status !== 'active' || proposal === null || !groups.every((g) => proposal.groups.includes(g))) return null;
    from = { status: fresh.request.status, version: fresh.request.version };
    open = proposal.groups;
    openReporters = proposal.reporterIds;
  }
  return null;
}

/** The message loses its buttons; the thread and the scope change's reporters hear what was decided. */
async function tell(
  deps: DecideScopeChangeDeps,
  view: RequestView,
  reporterIds: readonly string[],
  outcome: ScopeChangeDecision,
): Promise<void> {
  await runSafely(deps.logger, 'settle scope change', () => deps.notifier.settleScopeChange(view, { kind: 'decided', ...outcome }));
  await runSafely(deps.logger, 'post scope change to thread', () => deps.notifier.postToThread(view, { kind: 'scope_change_decided', ...outcome }));
  await runSafely(deps.logger, 'tell reporters', () => deps.notifier.notifyReporters(view, reporterIds, { kind: 'scope_change_decided', ...outcome }));
}
