import { describe, expect, test } from 'vitest';
import { emptySummary } from '../../domain/evidence/evidence-summary.ts';
import { readEvidenceSummary } from './stored-evidence.ts';

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
