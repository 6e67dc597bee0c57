import { isOwnIndicator, type IndicatorOwner } from '../indicator/allow-indicator-text.ts';
import type { ExistingIndicator } from '../indicator/existing-indicator.ts';
import { normalizeGroupNames, sameScope } from '../request/allow-scope.ts';
import { sameToTheSecond } from '../time/whole-seconds.ts';

/** A difference between what Unblock recorded for an active allow and what Defender holds. */
export type Drift =
  | { readonly kind: 'indicator_deleted'; readonly id: string }
  | { readonly kind: 'action_changed'; readonly id: string; readonly action: string }
  | { readonly kind: 'expiry_changed'; readonly id: string; readonly expected: string | null; readonly actual: string | null }
  /**
   * The indicator applies to other device groups than recorded (rbacGroupNames; [] = every device):
   * someone widened or narrowed it in Defender.
   */
  | { readonly kind: 'scope_changed'; readonly id: string; readonly expected: readonly string[]; readonly actual: readonly string[] }
  | { readonly kind: 'conflicting_indicator'; readonly id: string; readonly action: string; readonly type: string }
  /** An indicator Unblock wrote for this request but never recorded (a write whose answer was lost). */
  | { readonly kind: 'untracked_own_indicator'; readonly id: string; readonly expiresAt: string | null };

/** Actions that stop traffic; an Allow wins over them, but someone added one on purpose. */
const BLOCKING_ACTIONS = ['Block', 'Warn', 'AlertAndBlock', 'BlockAndRemediate'];

/**
 * Compares the recorded allow indicator with Defender's indicators for the same value. Pure; the
 * caller reports what it finds and does not "fix" Defender. `shownBeforeApproval` are the ids of the
 * indicators the approval message listed (the request's existing-indicators check): a Block or
 * Warn among them is what the approvers chose to override, not drift.
 */
export function findDrift(
  recorded: { readonly defenderId: string; readonly expiresAt: Date | null; readonly rbacGroupNames: readonly string[] },
  current: readonly ExistingIndicator[],
  request: IndicatorOwner,
  shownBeforeApproval: readonly string[] = [],
): Drift[] {
  const drift: Drift[] = [];
  const ours = current.find((i) => i.id === recorded.defenderId);
  if (!ours) {
    drift.push({ kind: 'indicator_deleted', id: recorded.defenderId });
  } else {
    if (ours.action !== 'Allowed') drift.push({ kind: 'action_changed', id: ours.id, action: ours.action });
    // Defender keeps expiries to the second: milliseconds are not drift.
    if (!sameToTheSecond(ours.expiresAt, recorded.expiresAt)) {
      drift.push({ kind: 'expiry_changed', id: ours.id, expected: recorded.expiresAt?.toISOString() ?? null, actual: ours.expiresAt?.toISOString() ?? null });
    }
    // Compared as sets: Defender may answer the names in another order.
    const actual = ours.rbacGroupNames ?? [];
    if (!sameScope(actual, recorded.rbacGroupNames)) {
      drift.push({ kind: 'scope_changed', id: ours.id, expected: normalizeGroupNames(recorded.rbacGroupNames), actual: normalizeGroupNames(actual) });
    }
  }
  for (const other of current) {
    if (other.id === recorded.defenderId) continue;
    if (BLOCKING_ACTIONS.includes(other.action)) {
      if (shownBeforeApproval.includes(other.id)) continue;
      drift.push({ kind: 'conflicting_indicator', id: other.id, action: other.action, type: other.type });
    } else if (other.action === 'Allowed' && isOwnIndicator(other, request)) {
      // Unblock's own, unrecorded: it is deleted with the recorded one when the allow ends or is revoked.
      drift.push({ kind: 'untracked_own_indicator', id: other.id, expiresAt: other.expiresAt?.toISOString() ?? null });
    }
  }
  return drift;
}

/** A stable text for a set of drift findings, so the same drift is reported once. */
export function driftSignature(drift: readonly Drift[]): string {
  return drift.map((d) => JSON.stringify(d)).sort().join('|');
}
