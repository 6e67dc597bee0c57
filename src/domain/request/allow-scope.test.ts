import { describe, expect, test } from 'vitest';
import type { BlockedDeviceGroups } from '../evidence/evidence-summary.ts';
import { agreedGroupNames, ALL_DEVICES_VALUE, chooseScope, proposedScopeValue, coversScope, proposedScope, rbacGroupNamesOf, sameScope, type AllowScope, type ScopeEvidence } from './allow-scope.ts';

const found = (groups: Array<[string, number]>, ungrouped = 0): ScopeEvidence => ({
  outcome: 'found',
  summary: { blockedDeviceGroups: { groups: groups.map(([name, count]) => ({ name, count })), ungrouped } satisfies BlockedDeviceGroups },
});

describe('proposedScope', () => {
  test.each<[string, ScopeEvidence | null, AllowScope]>([
    ['one group', found([['Finance-Laptops', 3]]), { kind: 'device_groups', rbacGroupNames: ['Finance-Laptops'] }],
    ['two groups, sorted', found([['Sales', 5], ['Finance-Laptops', 1]]), { kind: 'device_groups', rbacGroupNames: ['Finance-Laptops', 'Sales'] }],
    ['a device in no group widens to all devices', found([['Sales', 2]], 1), { kind: 'all_devices', reason: 'ungrouped_devices' }],
    ['only ungrouped devices', found([], 2), { kind: 'all_devices', reason: 'ungrouped_devices' }],
    ['no blocked device (no rows, or audits only)', found([]), { kind: 'all_devices', reason: 'no_blocked_devices' }],
    ['hunting found nothing', { outcome: 'none', summary: { blockedDeviceGroups: { groups: [], ungrouped: 0 } } }, { kind: 'all_devices', reason: 'no_blocked_devices' }],
    ['hunting unavailable', { outcome: 'unavailable', summary: { blockedDeviceGroups: { groups: [], ungrouped: 0 } } }, { kind: 'all_devices', reason: 'groups_unknown' }],
    ['evidence stored before device groups', { outcome: 'found', summary: { blockedDeviceGroups: null } }, { kind: 'all_devices', reason: 'groups_unknown' }],
    ['no evidence yet', null, { kind: 'all_devices', reason: 'groups_unknown' }],
  ])('%s', (_case, evidence, scope) => {
    expect(proposedScope(evidence)).toEqual(scope);
  });
});

describe('chooseScope', () => {
  const groups: AllowScope = { kind: 'device_groups', rbacGroupNames: ['Sales'] };
  const all: AllowScope = { kind: 'all_devices', reason: 'ungrouped_devices' };
  test.each<[string, string | undefined, AllowScope, AllowScope | 'refused']>([
    ['untouched keeps the proposal', undefined, groups, groups],
    ['the proposed groups as shown', proposedScopeValue(['Sales']), groups, groups],
    ['the legacy value is no longer offered', 'proposed', groups, 'refused'],
    ['all devices widens, saying the approvers chose it', 'all_devices', groups, { kind: 'all_devices', reason: 'approvers_chose' }],
    ['all devices when already proposed keeps its reason', 'all_devices', all, all],
    ['a forged value', 'Finance', groups, 'refused'],
  ])('%s', (_case, value, proposed, expected) => {
    const chosen = chooseScope(value, proposed);
    expect(chosen.ok ? chosen.value : 'refused').toEqual(expected);
  });

  test('groups shown before a later report widened them no longer match: scope_changed', () => {
    const widened: AllowScope = { kind: 'device_groups', rbacGroupNames: ['Finance-Laptops', 'Sales'] };
    expect(chooseScope(proposedScopeValue(['Sales']), widened)).toEqual({ ok: false, error: { code: 'scope_changed' } });
    expect(chooseScope(proposedScopeValue(['Sales']), { kind: 'all_devices', reason: 'ungrouped_devices' })).toEqual({ ok: false, error: { code: 'scope_changed' } });
    expect(chooseScope(ALL_DEVICES_VALUE, widened)).toEqual({ ok: true, value: { kind: 'all_devices', reason: 'approvers_chose' } });
  });

  test('the value is a fingerprint of the sorted, deduplicated names', () => {
    expect(proposedScopeValue(['Sales', 'HR'])).toBe(proposedScopeValue(['HR', 'Sales', 'Sales']));
    expect(proposedScopeValue(['Sales'])).not.toBe(proposedScopeValue(['Sales', 'HR']));
    expect(proposedScopeValue(['Sales'])).toMatch(/^groups:[0-9a-f]{8}$/);
  });
});

describe('agreedGroupNames: the allow is never wider than any approver chose', () => {
  test.each<[string, string[][], string[]]>([
    ['one approver, groups', [['Sales']], ['Sales']],
    ['one approver, all devices', [[]], []],
    ['two approvers, both all devices', [[], []], []],
    ['one chose all devices, the other the groups: the groups', [[], ['Finance-Laptops', 'Sales']], ['Finance-Laptops', 'Sales']],
    ['groups then all devices: the groups', [['Sales'], []], ['Sales']],
    ['approved before the set widened: the narrower set', [['Sales'], ['Finance-Laptops', 'Sales']], ['Sales']],
    ['disjoint sets (never proposed): the smallest', [['Sales', 'HR'], ['Finance-Laptops']], ['Finance-Laptops']],
  ])('%s', (_case, chosen, agreed) => {
    expect(agreedGroupNames(chosen)).toEqual(agreed);
  });
});

describe('coversScope: an Allowed indicator for another scope is not the same', () => {
  test.each<[string, string[], string[], boolean]>([
    ['all devices covers groups', [], ['Sales'], true],
    ['all devices covers all devices', [], [], true],
    ['the same groups', ['Sales'], ['Sales'], true],
    ['a superset', ['Finance-Laptops', 'Sales'], ['Sales'], true],
    ['a subset does not', ['Sales'], ['Finance-Laptops', 'Sales'], false],
    ['other groups do not', ['HR'], ['Sales'], false],
    ['groups never cover all devices', ['Sales'], [], false],
    ['names are compared exactly', ['sales'], ['Sales'], false],
  ])('%s', (_case, indicator, wanted, covers) => {
    expect(coversScope(indicator, wanted)).toBe(covers);
  });

  test('sameScope ignores order and duplicates', () => {
    expect(sameScope(['Sales', 'HR'], ['HR', 'Sales', 'Sales'])).toBe(true);
    expect(sameScope([], ['Sales'])).toBe(false);
  });

  test('rbacGroupNamesOf: all devices is the empty list Defender reads as every device', () => {
    expect(rbacGroupNamesOf({ kind: 'all_devices', reason: 'approvers_chose' })).toEqual([]);
    expect(rbacGroupNamesOf({ kind: 'device_groups', rbacGroupNames: ['Sales'] })).toEqual(['Sales']);
  });
});
