import { widenDeviceGroups, type BlockedDeviceGroups } from '../../domain/evidence/evidence-summary.ts';
import { proposedScope } from '../../domain/request/allow-scope.ts';
import { slackUser } from '../../domain/request/request.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
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
 * flagUncoveredGroups instead: the approvers are told, nothing is widened.
 */
export async function widenScopeOnJoin(deps: WidenScopeDeps, view: RequestView, reporterId: string): Promise<RequestView> {
  if (view.request.status === 'active') {
    await flagUncoveredGroups(deps, view, reporterId);
    return view;
  }
  // Only a proposal naming device groups can widen; all devices is as wide as an allow goes.
  if (storedGroups(view) === null || proposedScope(view.evidence).kind !== 'device_groups') return view;
  const later = await gatherEvidence(deps, view.request.target);
  if (later.outcome === 'unavailable' || later.summary.blockedDeviceGroups === null) return view;
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
 * and, when blocked devices sit outside the allow's groups (another group, or none), tells the
 * approvers in the thread and audits it. The allow itself is not changed: widening an active allow
 * needs an approval, which Unblock does not offer yet (the approvers revoke and approve a new
 * request, or widen it in Defender, which drift then reports).
 */
async function flagUncoveredGroups(deps: WidenScopeDeps, view: RequestView, reporterId: string): Promise<void> {
  const covered = view.decision?.rbacGroupNames ?? [];
  if (covered.length === 0) return;
  const later = await gatherEvidence(deps, view.request.target);
  const groups = later.summary.blockedDeviceGroups;
  if (later.outcome === 'unavailable' || groups === null) return;
  const uncovered = groups.groups.map((g) => g.name).filter((name) => !covered.includes(name)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ungrouped = groups.ungrouped > 0;
  if (uncovered.length === 0 && !ungrouped) return;
  await deps.store.appendAudit(view.request.id, {
    actor: slackUser(reporterId),
    at: deps.clock.now(),
    action: 'allow.scope_not_covered',
    details: { groups: uncovered, ungrouped, allowGroups: [...covered] },
  });
  await runSafely(deps.logger, 'post uncovered device groups', () =>
    deps.notifier.postToThread(view, { kind: 'scope_not_covered', groups: uncovered, ungrouped, reporterId }),
  );
}
