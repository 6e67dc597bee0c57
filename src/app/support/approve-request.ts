import { indicatorChoices, narrowestIndicator } from '../../domain/indicator/indicator-choices.ts';
import { parseAllowDuration, type AllowDuration } from '../../domain/request/allow-duration.ts';
import { agreedGroupNames } from '../../domain/request/allow-scope.ts';
import { approvalStep, shortestDuration } from '../../domain/request/approval-quorum.ts';
import { slackUser, type Approval, type Decision } from '../../domain/request/request.ts';
import { toWholeSecond } from '../../domain/time/whole-seconds.ts';
import { mustMove } from './must-move.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { LeaseClaim } from '../ports/work-claims.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';
import { runSafely } from './run-safely.ts';
import { decisionLease } from './with-lease.ts';
import { requireView } from './require-view.ts';

/** A compare-and-set lost to another click: the caller re-reads the request and decides again. */
export const LOST_RACE = Symbol('lost race');

export type ApprovalOutcome =
  | typeof LOST_RACE
  /** The approver had approved already; nothing was written. */
  | { readonly kind: 'already_approved' }
  /** The approval was recorded; the request still waits for a different approver. */
  | { readonly kind: 'waiting'; readonly view: RequestView }
  /**
   * The approval completed the quorum: the request is approved, its decision written, and the
   * activation's lease (`lease`) held from the same transaction. `view` is the request as written.
   */
  | { readonly kind: 'decided'; readonly view: RequestView; readonly lease: LeaseClaim };

export interface ApproveDeps {
  readonly store: RequestRecords;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Counts a validated approval of the pending request in `view` (as read, with its version), which
 * needs `requiredApprovals` different approvers (its ApprovalRule). While
 * more different approvers are needed (a target Defender's threat intelligence flagged needs two),
 * the approval is recorded by compare-and-set and the message shows who approved so far. The
 * approval that completes the quorum writes the decision: the shortest duration any approver chose
 * the narrowest indicator and the narrowest device-group scope (all devices only if every approver
 * chose it), so the allow is never wider than what each of them agreed to.
 */
export async function approveRequest(deps: ApproveDeps, view: RequestView, approval: Approval, requiredApprovals: number): Promise<ApprovalOutcome> {
  const { request } = view;
  const from = { status: request.status, version: request.version };
  const step = approvalStep(requiredApprovals, view.approvals, approval.approverId);
  if (step.kind === 'already_approved') return step;
  const actor = slackUser(approval.approverId);

  if (step.kind === 'record') {
    const recorded = await deps.store.recordApproval({
      id: request.id,
      from,
      approval,
      audit: {
        actor,
        at: approval.at,
        action: 'request.approval_recorded',
        details: {
          duration: approval.duration,
          indicatorType: approval.indicatorType,
          rbacGroupNames: [...approval.rbacGroupNames],
          approvals: step.count,
          required: step.required,
        },
      },
    });
    if (!recorded) return LOST_RACE;
    const waiting = await refreshToLatest(deps, request.id);
    await runSafely(deps.logger, 'post approval to thread', () =>
      deps.notifier.postToThread(waiting, { kind: 'approval_recorded', approverId: approval.approverId, required: step.required }),
    );
    return { kind: 'waiting', view: waiting };
  }

  const all = [...view.approvals, approval];
  const duration = shortestDuration(all.map((a) => durationOf(a.duration)) as [AllowDuration, ...AllowDuration[]]);
  const decision: Decision = {
    outcome: 'approved',
    deciderId: approval.approverId,
    decidedAt: approval.at,
    duration: duration.iso,
    // Defender keeps expiries to the second: the allow ends at the whole second before, never after.
    allowUntil: toWholeSecond(new Date(approval.at.getTime() + duration.ms)),
    indicator: narrowestIndicator(all.map((a) => a.indicatorType), indicatorChoices(request)),
    // All devices only if every approver chose it; otherwise the groups each of them approved.
    rbacGroupNames: agreedGroupNames(all.map((a) => a.rbacGroupNames)),
  };
  const lease = decisionLease(request.id, approval.at);
  const moved = await deps.store.transition({
    id: request.id,
    from,
    to: mustMove(request, 'approved'),
    record: { event: 'approved', decision, approval, lease },
    audit: {
      actor,
      at: approval.at,
      action: 'request.approved',
      details: {
        duration: decision.duration,
        allowUntil: decision.allowUntil?.toISOString() ?? null,
        indicator: decision.indicator,
        rbacGroupNames: [...decision.rbacGroupNames],
        approvers: all.map((a) => a.approverId),
      },
    },
  });
  if (!moved) return LOST_RACE;
  // Nothing else changed: the compare-and-set saw the version read, and a lifecycle is created only now.
  return { kind: 'decided', view: { ...view, request: moved, decision, approvals: all, lifecycle: null }, lease };
}

/** Durations were validated against the offered ones when each approval was recorded. */
function durationOf(iso: string): AllowDuration {
  const parsed = parseAllowDuration(iso);
  if (!parsed.ok) throw new Error(`stored approval duration ${iso} does not parse: ${parsed.error.code}`);
  return parsed.value;
}

/**
 * Re-renders the approval message until what it shows is still the latest state. A second approver
 * may decide while this update is on its way, and Slack keeps whichever update arrives last, so a
 * stale "1 of 2 approvals" must not be left standing over the decision.
 */
async function refreshToLatest(deps: ApproveDeps, requestId: string): Promise<RequestView> {
  let view = await requireView(deps.store, requestId);
  for (let round = 0; round < 3; round++) {
    const shown = view;
    await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(shown));
    view = await requireView(deps.store, requestId);
    if (view.request.version === shown.request.version) break;
  }
  return view;
}
