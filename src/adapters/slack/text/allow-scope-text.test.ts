import { describe, expect, test } from 'vitest';
import { approval, aView, blockEvent, evidence, indicatorRecord } from '../../../../test/builders/request-view-fixtures.ts';
import { allowScopeField, scopeLine, scopePhrase } from './allow-scope-text.ts';

const inGroups = evidence('found', [
  blockEvent({ deviceId: 'd1', deviceGroup: 'Sales' }),
  blockEvent({ deviceId: 'd2', deviceGroup: 'Finance-Laptops' }),
]);

describe('scope words', () => {
  test.each([
    [[], 'ALL devices'],
    [['Sales'], 'device group `Sales`'],
    [['Finance-Laptops', 'Sales'], 'device groups `Finance-Laptops`, `Sales`'],
    [['<!here> *x*'], 'device group `&lt;!here&gt; *x*`'],
  ])('scopePhrase(%j) is %s', (names, text) => {
    expect(scopePhrase(names)).toBe(text);
  });

  test.each([
    [{ kind: 'device_groups', rbacGroupNames: ['Finance-Laptops', 'Sales'] } as const, 'Device groups: `Finance-Laptops`, `Sales`'],
    [{ kind: 'all_devices', reason: 'ungrouped_devices' } as const, 'All devices: a blocked device is in no device group (or Defender has no device record of its group), and an allow for groups would leave it blocked'],
    [{ kind: 'all_devices', reason: 'no_blocked_devices' } as const, 'All devices: Defender blocked no device in the lookback, so there is no device group to name'],
    [{ kind: 'all_devices', reason: 'groups_unknown' } as const, 'All devices: the blocked devices’ device groups are not known (hunting did not run)'],
    [{ kind: 'all_devices', reason: 'approvers_chose' } as const, 'All devices: the approvers chose all devices'],
  ])('scopeLine %#', (scope, text) => {
    expect(scopeLine(scope)).toBe(text);
  });
});

describe('allowScopeField', () => {
  test('pending: the groups of the blocked devices', () => {
    expect(allowScopeField(aView({ evidence: inGroups }))).toBe('*Applies to*\nDevice groups: `Finance-Laptops`, `Sales`');
  });

  test('pending: a device in no group makes it all devices, saying why', () => {
    const ungrouped = evidence('found', [blockEvent({ deviceGroup: 'Sales' }), blockEvent({ deviceId: 'd9', deviceGroup: null })]);
    expect(allowScopeField(aView({ evidence: ungrouped }))).toBe(
      '*Applies to*\nAll devices: a blocked device is in no device group (or Defender has no device record of its group), and an allow for groups would leave it blocked',
    );
  });

  test('approved for the groups, or widened by the approvers', () => {
    expect(allowScopeField(aView({ evidence: inGroups, decision: approval({ rbacGroupNames: ['Sales'] }) }))).toBe('*Applies to*\nDevice group: `Sales`');
    expect(allowScopeField(aView({ evidence: inGroups, decision: approval({ rbacGroupNames: [] }) }))).toBe('*Applies to*\nAll devices: the approvers chose all devices');
  });

  test('a reused indicator that reaches further is named', () => {
    const view = aView({ evidence: inGroups, decision: approval({ rbacGroupNames: ['Sales'] }), indicator: { ...indicatorRecord, reusedExisting: true, rbacGroupNames: [] } });
    expect(allowScopeField(view)).toBe('*Applies to*\nDevice group: `Sales`\n(the existing indicator reused reaches ALL devices)');
  });
});
