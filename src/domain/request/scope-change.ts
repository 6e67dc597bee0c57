import type { BlockedDeviceGroups } from '../evidence/evidence-summary.ts';
import { normalizeGroupNames, proposedScopeValue } from './allow-scope.ts';

/**
 * An open scope change of an active allow limited to device groups: later reporters' blocked devices
 * sit in device groups the allow does not reach, and the approvers are asked whether to widen it.
 * At most one is open per request; a report from yet another group widens it.
 */
export interface ScopeChange {
  /** When it was opened (UTC). */
  readonly openedAt: Date;
  /** The whole wider set proposed (Defender's rbacGroupNames): the allow's groups plus the new ones, sorted. */
  readonly groups: readonly string[];
  /** The reporters whose blocked devices led to it (Slack user ids, in the order they came). */
  readonly reporterIds: readonly string[];
}

/**
 * What a later report on an active allow limited to `allowGroups` (rbacGroupNames, non-empty) asks
 * for, given the groups its hunt found (`blocked`) and the scope change already open (`open`):
 * - `propose` the whole wider set (`groups`), and which names are new to the allow or to the open
 *   proposal (`added`);
 * - `covered` when every blocked device in a group is already reached by the allow or the open
 *   proposal.
 * Devices in no device group cannot be named in rbacGroupNames (`ungrouped` is reported apart; a
 * scope change never turns into all devices: that needs a fresh report). Never narrows: the result
 * always contains `allowGroups` and the open proposal. Pure.
 */
export function planScopeChange(
  allowGroups: readonly string[],
  open: Pick<ScopeChange, 'groups'> | null,
  blocked: BlockedDeviceGroups,
): { readonly kind: 'propose'; readonly groups: readonly string[]; readonly added: readonly string[]; readonly ungrouped: boolean } | { readonly kind: 'covered'; readonly ungrouped: boolean } {
  const ungrouped = blocked.ungrouped > 0;
  const base = normalizeGroupNames([...allowGroups, ...(open?.groups ?? [])]);
  const added = normalizeGroupNames(blocked.groups.map((g) => g.name)).filter((name) => !base.includes(name));
  if (added.length === 0) return { kind: 'covered', ungrouped };
  return { kind: 'propose', groups: normalizeGroupNames([...base, ...added]), added, ungrouped };
}

/**
 * The value the scope-change buttons carry: the proposed set's fingerprint (proposedScopeValue), so
 * a click drawn before a later report widened the proposal is refused as stale, not applied to
 * groups the approver never saw. Pure.
 */
export const scopeChangeValue = (groups: readonly string[]): string => proposedScopeValue(groups);
