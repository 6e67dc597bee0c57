import { widenDeviceGroups, type BlockedDeviceGroups } from '../../domain/evidence/evidence-summary.ts';
import { proposedScope } from '../../domain/request/allow-scope.ts';
import { approvalRule } from '../../domain/request/approval-rule.ts';
import { slackUser } from '../../domain/request/request.ts';
import { planScopeChange } from '../../domain/request/scope-change.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { EvidenceRecord, RequestView } from '../ports/request-view.ts';
import { gatherEvidence, type GatherEvidenceDeps } from './gather-evidence.ts';
import { requireView } from './require-view.ts';
import { runSafely } from './run-safely.ts';

export interface WidenScopeDeps extends GatherEvidenceDeps {
  readonly store: RequestRecords;
  readonly notifier: Notifier;
}

/** Compare-and-set attempts before giving up: each loss is another click or join on the same request. */
const MAX_ATTEMPTS = 3;

/**
 * A new reporter joined a request that still waits for approvers: hunts again (one query) and, when
 * blocked devices in device groups the stored evidence did not have appear (or a first device in no
 * group), widens the stored device groups, so the proposed scope (allow-scope.ts) grows. The approval
 * message is refreshed and the thread told what was added and by whose report.
 *
 * Approvals already recorded keep the groups they were given for (Approval.rbacGroupNames): the
 * decision takes the groups every approver approved (agreedGroupNames), so an approval for the
 * narrower set never silently applies to the wider one. Nothing is hunted unless the proposal names
 * device groups (all devices cannot widen), and nothing is written when hunting is unavailable or the
 * request moved on meanwhile.
 * Returns the request's view afterwards. On an active allow limited to device groups, see
 * flagUncoveredGroups instead: a scope change is proposed to the approvers, nothing is widened.
 */
export async function widenScopeOnJoin(deps: WidenScopeDeps, view: RequestView, reporterId: string): Promise<RequestView> {
  if (view.request.status === 'active') {
    await flagUncoveredGroups(deps, view, reporterId);
    return view;
  }
  if (view.request.status === 'approved') {
    await flagBeforeActivation(deps, view, reporterId);
    return view;
  }
  // Only a proposal naming device groups can widen; all devices is as wide as an allow goes.
  if (storedGroups(view) === null || proposedScope(view.evidence).kind !== 'device_groups') return view;
  const later = await gatherEvidence(deps, view.request.target);
  if (later.outcome === 'unavailable') return unchecked(deps, view, reporterId, later.error);
  if (later.summary.blockedDeviceGroups === null) return view;
  let current: RequestView = view;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = storedGroups(current);
    if (stored === null) return current;
    const widening = widenDeviceGroups(stored, later.summary.blockedDeviceGroups);
    if (widening === null) return current;
    const written = await deps.store.widenDeviceGroups({
      id: current.request.id,
      from: { status: current.request.status, version: current.request.version },
      groups: widening.merged,
      audit: {
        actor: slackUser(reporterId),
        at: deps.clock.now(),
        action: 'request.scope_widened',
        details: { added: [...widening.added], newlyUngrouped: widening.newlyUngrouped },
      },
    });
    if (written) {
      const widened = await requireView(deps.store, current.request.id);
      await runSafely(deps.logger, 'update approval message', () => deps.notifier.refreshApprovalRequest(widened));
      await runSafely(deps.logger, 'post scope widening', () =>
        deps.notifier.postToThread(widened, { kind: 'scope_widened', added: widening.added, newlyUngrouped: widening.newlyUngrouped, reporterId }),
      );
      return widened;
    }
    current = await requireView(deps.store, current.request.id);
  }
  return current;
}


/** The stored device groups of a request still waiting for approvers, or null (moved on, or groups not known). */
function storedGroups(view: RequestView): BlockedDeviceGroups | null {
  if (view.request.status !== 'pending_approval' || view.decision !== null) return null;
  if (view.evidence === null || view.evidence.outcome === 'unavailable') return null;
  return view.evidence.summary.blockedDeviceGroups;
}

/**
 * After activation: a new reporter joined an allow limited to device groups. Hunts again (one query)
 * and, when blocked devices sit in device groups the allow (and the open scope change) does not
 * reach, opens a scope change proposing the wider set, or widens the open one (compare-and-set on the
 * request's version, audited as allow.scope_change_proposed), and posts or redraws the scope-change
 * message with Approve scope change / Deny. The allow itself is never widened here: only an
 * approver's click on that message does (decideScopeChange). Devices in no device group cannot be
 * named in rbacGroupNames, and an allow riding on someone else's indicator is never rewritten: those
 * are flagged to the approvers (allow.scope_not_covered) as before.
 */
async function flagUncoveredGroups(deps: WidenScopeDeps, view: RequestView, reporterId: string): Promise<void> {
  const covered = view.decision?.rbacGroupNames ?? [];
  if (covered.length === 0) return;
  const later = await rehunt(deps, view, reporterId);
  const groups = later?.summary.blockedDeviceGroups ?? null;
  if (later === null || groups === null) return;
  // The new hunt may show a threat or command-and-control verdict (on the new devices or any): one
  // approver's click must never widen an allow over it, so the approvers are told instead (a scope
  // change needs the same rule as the allow it would widen; see approval-rule.ts).
  const overThreat = approvalRule(later, { allowC2Override: false }).requiredApprovals > 1;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = attempt === 1 ? view : await requireView(deps.store, view.request.id);
    const { request, indicator } = current;
    if (request.status !== 'active' || indicator === null) return;
    const allowGroups = indicator.rbacGroupNames.length > 0 ? indicator.rbacGroupNames : covered;
    const open = request.scopeChange ?? null;
    const plan = planScopeChange(allowGroups, open, groups);
    if (plan.kind === 'covered' || indicator.reusedExisting || overThreat) {
      const uncovered = plan.kind === 'propose' ? plan.added : [];
      if (uncovered.length > 0 || plan.ungrouped) await flag(deps, current, reporterId, uncovered, plan.ungrouped, allowGroups);
      return;
    }
    const now = deps.clock.now();
    const proposed = await deps.store.proposeScopeChange({
      id: request.id,
      from: { status: request.status, version: request.version },
      openedAt: open?.openedAt ?? now,
      widensOpen: open !== null,
      groups: plan.groups,
      reporterIds: open === null ? [reporterId] : [...new Set([...open.reporterIds, reporterId])],
      audit: {
        actor: slackUser(reporterId),
        at: now,
        action: 'allow.scope_change_proposed',
        details: { allowGroups: [...allowGroups], added: [...plan.added], proposed: [...plan.groups], ungrouped: plan.ungrouped, widenedOpen: open !== null },
      },
    });
    if (!proposed) continue;
    const after = await requireView(deps.store, request.id);
    await runSafely(deps.logger, 'post scope change', () => deps.notifier.postScopeChange(after));
    if (plan.ungrouped) await flag(deps, after, reporterId, [], true, allowGroups);
    return;
  }
}

/**
 * Approved but not active yet (Defender has not accepted the allow, or it waits on someone else's
 * indicator): the decision's groups are fixed, and a scope change needs an active allow to re-post.
 * A later reporter's devices in other groups are flagged to the approvers (allow.scope_not_covered),
 * never lost; nothing is widened.
 */
async function flagBeforeActivation(deps: WidenScopeDeps, view: RequestView, reporterId: string): Promise<void> {
  const covered = view.decision?.rbacGroupNames ?? [];
  if (covered.length === 0) return;
  const groups = (await rehunt(deps, view, reporterId))?.summary.blockedDeviceGroups ?? null;
  if (groups === null) return;
  const plan = planScopeChange(covered, null, groups);
  const uncovered = plan.kind === 'propose' ? plan.added : [];
  if (uncovered.length > 0 || plan.ungrouped) await flag(deps, view, reporterId, uncovered, plan.ungrouped, covered);
}

/**
 * Hunts the host again for a later reporter of a request limited to device groups: the evidence, or
 * null when hunting could not run (the approvers are then told, see `unchecked`).
 */
async function rehunt(deps: WidenScopeDeps, view: RequestView, reporterId: string): Promise<EvidenceRecord | null> {
  const later = await gatherEvidence(deps, view.request.target);
  if (later.outcome !== 'unavailable') return later;
  await unchecked(deps, view, reporterId, later.error);
  return null;
}

/**
 * Hunting could not run for a later reporter of a request limited to device groups: the approvers
 * are told (with the safe reason) rather than the reporter's group silently lost. Returns `view`.
 */
async function unchecked(deps: WidenScopeDeps, view: RequestView, reporterId: string, error: string | null): Promise<RequestView> {
  await runSafely(deps.logger, 'post unchecked later report', () =>
    deps.notifier.postToThread(view, { kind: 'scope_unchecked', reporterId, error: error ?? 'hunting unavailable' }),
  );
  return view;
}

/** Devices the allow cannot reach by a scope change: the approvers are told, nothing is widened. */
async function flag(deps: WidenScopeDeps, view: RequestView, reporterId: string, groups: readonly string[], ungrouped: boolean, allowGroups: readonly string[]): Promise<void> {
  await deps.store.appendAudit(view.request.id, {
    actor: slackUser(reporterId),
    at: deps.clock.now(),
    action: 'allow.scope_not_covered',
    details: { groups: [...groups], ungrouped, allowGroups: [...allowGroups] },
  });
  await runSafely(deps.logger, 'post uncovered device groups', () =>
    deps.notifier.postToThread(view, { kind: 'scope_not_covered', groups, ungrouped, reporterId }),
  );
}
