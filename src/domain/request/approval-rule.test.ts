import { describe, expect, test } from 'vitest';
import type { DiagnosableEvidence } from '../evidence/block-diagnosis.ts';
import { parseAllowDuration, type AllowDuration } from './allow-duration.ts';
import { approvalRule, decisionPolicy, durationChoicesFor, threatMaxMs, type ApprovalRule } from './approval-rule.ts';

const d = (iso: string): AllowDuration => {
  const parsed = parseAllowDuration(iso);
  if (!parsed.ok) throw new Error(parsed.error.code);
  return parsed.value;
};

const blockedBy = (...names: string[]): DiagnosableEvidence => ({
  outcome: 'found',
  summary: { totalEvents: names.length, audited: 0, categories: names.map((name) => ({ name, count: 1 })) },
});

describe('approvalRule', () => {
  test.each<[string, DiagnosableEvidence | null, boolean, Partial<ApprovalRule>]>([
    ['no evidence yet', null, false, { requiredApprovals: 2, approvable: true, durations: 'threat', unexplained: true }],
    ['hunting failed (Graph 429)', { outcome: 'unavailable', summary: { totalEvents: 0, audited: 0, categories: [] } }, false, { requiredApprovals: 2, approvable: true, durations: 'threat', unexplained: true }],
    ['searched, no block events', { outcome: 'none', summary: { totalEvents: 0, audited: 0, categories: [] } }, false, { requiredApprovals: 1, approvable: true, durations: 'standard', unexplained: false }],
    ['events that name no category', { outcome: 'found', summary: { totalEvents: 2, audited: 0, categories: [] } }, false, { requiredApprovals: 2, approvable: true, durations: 'threat', unexplained: false }],
    ['an empty category', blockedBy(''), false, { requiredApprovals: 2, approvable: true, durations: 'threat', unexplained: false }],
    ['the org block list', blockedBy('CustomBlockList'), false, { requiredApprovals: 1, approvable: true, durations: 'standard' }],
    ['web content filtering', blockedBy('CustomPolicy'), false, { requiredApprovals: 1, approvable: true, durations: 'standard' }],
    ['a WCF category name', blockedBy('Gambling'), false, { requiredApprovals: 1, approvable: true, durations: 'standard' }],
    ['Cloud Apps', blockedBy('CasbPolicy'), false, { requiredApprovals: 1, approvable: true, durations: 'standard' }],
    ['Phishing', blockedBy('Phishing'), false, { requiredApprovals: 2, approvable: true, durations: 'threat' }],
    ['TechScam', blockedBy('TechScam'), false, { requiredApprovals: 2, approvable: true, durations: 'threat' }],
    ['an unknown category', blockedBy('BrandNewVerdict'), false, { requiredApprovals: 2, approvable: true, durations: 'threat' }],
    ['C2 without the override', blockedBy('C2'), false, { requiredApprovals: 2, approvable: false, durations: 'threat' }],
    ['C2 with the override', blockedBy('C2'), true, { requiredApprovals: 2, approvable: true, durations: 'threat' }],
    ['COCO among org blocks, without the override', blockedBy('CustomBlockList', 'COCO'), false, { requiredApprovals: 2, approvable: false, durations: 'threat' }],
    [
      'a threat verdict seen in audit mode only',
      { outcome: 'found', summary: { totalEvents: 1, audited: 1, categories: [{ name: 'Malicious', count: 1 }] } },
      false,
      { requiredApprovals: 2, approvable: true, durations: 'threat' },
    ],
  ])('%s', (_case, evidence, allowC2Override, expected) => {
    expect(approvalRule(evidence, { allowC2Override })).toMatchObject(expected);
  });
});

describe('decisionPolicy', () => {
  test('threat verdicts are offered durations up to MAX_THREAT_ALLOW_DURATION', () => {
    const policy = decisionPolicy({ maxAllow: d('P30D'), maxThreatAllow: d('P1D'), allowC2Override: false });
    expect(durationChoicesFor({ durations: 'threat' }, policy).options.map((o) => o.iso)).toEqual(['PT8H', 'P1D']);
    expect(durationChoicesFor({ durations: 'standard' }, policy).options.map((o) => o.iso)).toEqual(['PT8H', 'P1D', 'P3D', 'P7D', 'P30D']);
    expect(threatMaxMs(policy)).toBe(86_400_000);
  });

  test('MAX_ALLOW_DURATION caps the threat maximum too', () => {
    const policy = decisionPolicy({ maxAllow: d('PT4H'), maxThreatAllow: d('P1D'), allowC2Override: false });
    expect(durationChoicesFor({ durations: 'threat' }, policy).options.map((o) => o.iso)).toEqual(['PT4H']);
    expect(threatMaxMs(policy)).toBe(4 * 3_600_000);
  });

  test('an odd threat maximum is offered as itself', () => {
    const policy = decisionPolicy({ maxAllow: d('P30D'), maxThreatAllow: d('PT12H'), allowC2Override: true });
    expect(durationChoicesFor({ durations: 'threat' }, policy).options.map((o) => o.iso)).toEqual(['PT8H', 'PT12H']);
    expect(policy.allowC2Override).toBe(true);
  });
});
