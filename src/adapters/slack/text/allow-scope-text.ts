import type { RequestView } from '../../../app/ports/request-view.ts';
import { proposedScope, type AllDevicesReason, type AllowScope } from '../../../domain/request/allow-scope.ts';
import { code } from '../mrkdwn.ts';

/** Why an allow covers every device, in words for approvers. */
const REASONS: Readonly<Record<AllDevicesReason, string>> = {
  ungrouped_devices: 'a blocked device is in no device group (or Defender has no device record of its group), and an allow for groups would leave it blocked',
  no_blocked_devices: 'Defender blocked no device in the lookback, so there is no device group to name',
  groups_unknown: 'the blocked devices’ device groups are not known (hunting did not run)',
  approvers_chose: 'the approvers chose all devices',
};

/**
 * Device group names (Defender text, named by whoever set the groups up) each in a code span and
 * joined: `` `Finance-Laptops`, `Sales` ``. A code span shows `*`, `_`, `~` as written and keeps a
 * name containing a comma ("EU, Paris") visibly one name.
 */
export const groupNamesText = (names: readonly string[]): string => names.map((n) => code(n)).join(', ');

/**
 * Where an allow applies, as a phrase: `device groups Finance-Laptops, Sales` (`device group X` for
 * one), or `ALL devices` for an empty rbacGroupNames (Defender: every device in the tenant).
 */
export function scopePhrase(rbacGroupNames: readonly string[]): string {
  if (rbacGroupNames.length === 0) return 'ALL devices';
  return `${rbacGroupNames.length === 1 ? 'device group' : 'device groups'} ${groupNamesText(rbacGroupNames)}`;
}

/** A proposed or decided scope in one line: `Device groups: A, B` / `All devices: <reason>`. */
export function scopeLine(scope: AllowScope): string {
  return scope.kind === 'device_groups'
    ? `${scope.rbacGroupNames.length === 1 ? 'Device group' : 'Device groups'}: ${groupNamesText(scope.rbacGroupNames)}`
    : `All devices: ${REASONS[scope.reason]}`;
}

/**
 * The approval message's field on which devices the allow applies to: while pending, the scope
 * proposed from the blocked devices' groups ("*Applies to*"); once approved, the scope the approvers
 * agreed to, and, when the indicator recorded reaches further (an existing one was reused), that too.
 */
export function allowScopeField(view: RequestView): string {
  const proposed = proposedScope(view.evidence);
  const { decision, indicator } = view;
  if (decision?.outcome !== 'approved') return `*Applies to*\n${scopeLine(proposed)}`;
  const decided: AllowScope =
    decision.rbacGroupNames.length > 0
      ? { kind: 'device_groups', rbacGroupNames: decision.rbacGroupNames as [string, ...string[]] }
      : { kind: 'all_devices', reason: proposed.kind === 'all_devices' ? proposed.reason : 'approvers_chose' };
  const reach =
    indicator && indicator.reusedExisting && scopePhrase(indicator.rbacGroupNames) !== scopePhrase(decision.rbacGroupNames)
      ? `\n(the existing indicator reused reaches ${scopePhrase(indicator.rbacGroupNames)})`
      : '';
  return `*Applies to*\n${scopeLine(decided)}${reach}`;
}
