import { describe, expect, test } from 'vitest';
import { emptySummary } from '../../domain/evidence/evidence-summary.ts';
import { readEvidenceSummary, readExistingIndicators } from './stored-evidence.ts';

describe('readEvidenceSummary: device groups', () => {
  test('evidence stored before device groups were hunted reads as groups not known (null)', () => {
    const { blockedDeviceGroups: _dropped, ...before } = emptySummary();
    expect(readEvidenceSummary('r1', before).blockedDeviceGroups).toBeNull();
  });

  test('stored groups read back as written', () => {
    const summary = { ...emptySummary(), blockedDeviceGroups: { groups: [{ name: 'Sales', count: 2 }], ungrouped: 1 } };
    expect(readEvidenceSummary('r1', JSON.parse(JSON.stringify(summary)))).toEqual(summary);
  });
});

describe('readExistingIndicators', () => {
  test('a look-up Defender refused reads back with the dry run’s would-be indicators it kept (instants as dates)', () => {
    const wouldBe = { id: 'dryrun-1', type: 'DomainName', value: 'dry.contoso.com', action: 'Allowed', expiresAt: new Date('2026-12-03T09:00:00Z'), title: 'Unblock #1', description: null, createdBy: null, createdAt: null, rbacGroupNames: [] };
    const check = { outcome: 'unavailable' as const, error: 'Defender refused to list its indicators', wouldBe: [wouldBe] };
    expect(readExistingIndicators('r1', JSON.parse(JSON.stringify(check)))).toEqual(check);
    expect(readExistingIndicators('r1', { outcome: 'unavailable', error: 'x' })).toEqual({ outcome: 'unavailable', error: 'x' });
  });
});
