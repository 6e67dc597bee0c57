import { coversScope } from '../request/allow-scope.ts';
import { sameIndicatorValue } from '../target/canonical-value.ts';
import type { IndicatorTarget } from '../target/target.ts';
import { lastsUntil } from '../time/whole-seconds.ts';
import { isOwnIndicator, type IndicatorOwner } from './allow-indicator-text.ts';
import type { ExistingIndicator } from './existing-indicator.ts';

export type AllowPlan =
  /** An Allowed indicator for the exact value already lasts at least as long: record it, create nothing. */
  | { readonly kind: 'reuse'; readonly indicator: ExistingIndicator; readonly others: readonly ExistingIndicator[] }
  /**
   * Someone else's Allowed indicator for the value ends before the window. Defender keeps one Allowed
   * indicator per value and type and a POST rewrites it in place, so Unblock never submits over it:
   * the allow rides on it and ends when it does (the thread says so).
   */
  | { readonly kind: 'reuse_ends_sooner'; readonly indicator: ExistingIndicator; readonly others: readonly ExistingIndicator[] }
  /**
   * Someone else's Allowed indicator holds the value (type and action) but does not reach every device
   * the approvers allowed (another device group, or groups where all devices were approved). Submitting
   * would rewrite its scope in place (defender-api.md "Upsert semantics"), riding on it would leave
   * approved devices blocked: neither is done, and people are told.
   */
  | { readonly kind: 'scope_conflict'; readonly indicator: ExistingIndicator; readonly others: readonly ExistingIndicator[] }
  /** Submit our indicator (Defender updates this request's own one, if there is one, rather than adding one). */
  | { readonly kind: 'submit'; readonly others: readonly ExistingIndicator[] };

/**
 * Decides whether an approved allow needs a new indicator. Only an Allowed indicator of the same
 * type and value counts. One that lasts the approved window (to Defender's second) is reused,
 * whoever made it. Otherwise Unblock submits its own, unless someone else's Allowed indicator holds
 * the value: submitting would rewrite theirs (Defender updates in place), so the allow rides on it
 * instead. `request` identifies this request's own indicators (isOwnIndicator). `others` are the
 * remaining indicators on the same value (Block, Warn, Audit …), for the record.
 *
 * Scope: `wantedGroups` are the device groups approved (Defender's rbacGroupNames; [] = every device).
 * An Allowed indicator counts only when it reaches all of them (allow-scope.ts coversScope: an
 * all-devices one covers any scope, a group-scoped one only a subset of its groups): an Allowed
 * indicator for another scope is not the same. Someone else's that does not cover the scope is a
 * `scope_conflict`: Unblock neither rewrites its scope nor rides on it. This request's own indicator
 * with another scope is resubmitted (updated in place).
 */
export function planAllowIndicator(
  existing: readonly ExistingIndicator[],
  wanted: IndicatorTarget,
  allowUntil: Date,
  request: IndicatorOwner,
  wantedGroups: readonly string[],
): AllowPlan {
  // Compared in canonical form: Defender answers in its own spelling (compressed IPv6), whatever we sent.
  const sameValue = existing.filter((i) => sameIndicatorValue(i.value, wanted.value));
  const allows = sameValue.filter((i) => i.action === 'Allowed' && i.type === wanted.type).sort((a, b) => expiry(b) - expiry(a));
  const others = sameValue.filter((i) => !allows.includes(i));
  const covers = (i: ExistingIndicator) => coversScope(i.rbacGroupNames ?? [], wantedGroups);
  const lasting = allows.find((i) => lastsUntil(i.expiresAt, allowUntil) && covers(i));
  if (lasting) return { kind: 'reuse', indicator: lasting, others };
  const theirs = allows.find((i) => !isOwnIndicator(i, request));
  if (theirs === undefined) return { kind: 'submit', others };
  return covers(theirs) ? { kind: 'reuse_ends_sooner', indicator: theirs, others } : { kind: 'scope_conflict', indicator: theirs, others };
}

const expiry = (i: ExistingIndicator): number => i.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
