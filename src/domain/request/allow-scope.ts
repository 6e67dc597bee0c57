import type { BlockedDeviceGroups } from '../evidence/evidence-summary.ts';
import { err, ok, type Result } from '../../shared/result.ts';

/**
 * Why an allow covers every device rather than named device groups:
 * - `ungrouped_devices`: a blocked device is in no device group (`UnassignedGroup` or empty), and
 *   `rbacGroupNames` cannot name "no group";
 * - `no_blocked_devices`: Defender blocked no device in the lookback (no rows, or audits only), so no
 *   group can be named;
 * - `groups_unknown`: hunting was unavailable, or the evidence predates device groups;
 * - `approvers_chose`: every counting approver chose all devices on the message.
 */
export type AllDevicesReason = 'ungrouped_devices' | 'no_blocked_devices' | 'groups_unknown' | 'approvers_chose';

/**
 * The devices an allow indicator applies to: Defender's `rbacGroupNames` (defender-api.md "Device
 * groups": an array of device group names; empty or absent = all devices in the tenant).
 */
export type AllowScope =
  | { readonly kind: 'device_groups'; readonly rbacGroupNames: readonly [string, ...string[]] }
  | { readonly kind: 'all_devices'; readonly reason: AllDevicesReason };

/**
 * The scope select's value for the proposed device groups: `groups:` and a fingerprint of the names
 * (FNV-1a, 32 bits, hex). It ties an approval to the exact set the approver was shown: if a later
 * report widened the proposal after the message was drawn, the click no longer matches and is
 * refused rather than counted for groups the approver never saw. Pure and deterministic.
 */
export function proposedScopeValue(rbacGroupNames: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const ch of normalizeGroupNames(rbacGroupNames).join('\n')) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `groups:${hash.toString(16).padStart(8, '0')}`;
}

/** The scope select's value for all devices. */
export const ALL_DEVICES_VALUE = 'all_devices';

/** The evidence a scope is proposed from (an EvidenceRecord, reduced). */
export interface ScopeEvidence {
  readonly outcome: 'found' | 'none' | 'unavailable';
  readonly summary: { readonly blockedDeviceGroups: BlockedDeviceGroups | null };
}

/**
 * The scope proposed for a request's allow: the device groups of the devices Defender blocked,
 * sorted and deduplicated. All devices, with the reason, when any blocked device is in no group (an
 * allow limited to the named groups would leave it blocked), when no device was blocked, or when the
 * groups are not known. Pure.
 */
export function proposedScope(evidence: ScopeEvidence | null | undefined): AllowScope {
  const groups = evidence && evidence.outcome !== 'unavailable' ? evidence.summary.blockedDeviceGroups : null;
  if (groups === null) return { kind: 'all_devices', reason: 'groups_unknown' };
  if (groups.ungrouped > 0) return { kind: 'all_devices', reason: 'ungrouped_devices' };
  const names = normalizeGroupNames(groups.groups.map((g) => g.name));
  return names.length === 0 ? { kind: 'all_devices', reason: 'no_blocked_devices' } : { kind: 'device_groups', rbacGroupNames: names as [string, ...string[]] };
}

/** Group names sorted (by code point, stable across locales), without duplicates or empty names. */
export function normalizeGroupNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Defender's `rbacGroupNames` for a scope: the group names, or [] for all devices. */
export const rbacGroupNamesOf = (scope: AllowScope): readonly string[] => (scope.kind === 'device_groups' ? scope.rbacGroupNames : []);

/**
 * The scope an approver's choice (the scope select's value from Slack, untrusted) stands for. A
 * missing value keeps the proposed scope; `all_devices` widens it; the proposed groups' value
 * (proposedScopeValue) keeps them only while they are still the ones proposed, else `scope_changed`
 * (a later report widened them since the message was drawn); anything else is refused, so a forged
 * payload cannot pick a scope the message never offered.
 */
export function chooseScope(
  value: string | undefined,
  proposed: AllowScope,
): Result<AllowScope, { readonly code: 'scope_not_offered' } | { readonly code: 'scope_changed' }> {
  if (value === undefined) return ok(proposed);
  if (value.startsWith('groups:')) {
    if (proposed.kind === 'device_groups' && value === proposedScopeValue(proposed.rbacGroupNames)) return ok(proposed);
    return err({ code: 'scope_changed' });
  }
  if (value === ALL_DEVICES_VALUE) return ok(proposed.kind === 'all_devices' ? proposed : { kind: 'all_devices', reason: 'approvers_chose' });
  return err({ code: 'scope_not_offered' });
}

/**
 * The scope several approvers agreed to, from the `rbacGroupNames` each approval recorded ([] = all
 * devices): all devices only if every one of them chose all devices; otherwise the groups every
 * approver who named groups named (their intersection), so the allow is never wider than what each
 * of them approved. The proposed set only ever grows while a request is open, so the sets are nested
 * and the intersection is the earliest, smallest one; were it ever empty, the smallest set is used.
 */
export function agreedGroupNames(chosen: readonly (readonly string[])[]): readonly string[] {
  const named = chosen.filter((names) => names.length > 0);
  if (named.length === 0) return [];
  const common = named.reduce<string[]>((acc, names) => acc.filter((n) => names.includes(n)), normalizeGroupNames(named[0]!));
  if (common.length > 0) return common;
  return normalizeGroupNames([...named].sort((a, b) => a.length - b.length)[0]!);
}

/**
 * True when an indicator applying to `indicatorGroups` ([] = all devices) reaches every device the
 * wanted scope names: an all-devices indicator covers any scope; a group-scoped one covers only a
 * subset of its own groups, never all devices. Group names are compared exactly (Defender's names).
 */
export function coversScope(indicatorGroups: readonly string[], wantedGroups: readonly string[]): boolean {
  if (indicatorGroups.length === 0) return true;
  return wantedGroups.length > 0 && wantedGroups.every((g) => indicatorGroups.includes(g));
}

/** True when both name the same devices: both all devices, or the same set of groups. */
export function sameScope(a: readonly string[], b: readonly string[]): boolean {
  const [x, y] = [normalizeGroupNames(a), normalizeGroupNames(b)];
  return x.length === y.length && x.every((n, i) => n === y[i]);
}
