import { describe, expect, test } from 'vitest';
import { parseAllowDuration, type AllowDuration } from './allow-duration.ts';
import { approvalStep, shortestDuration, type ApprovalStep } from './approval-quorum.ts';
import type { Approval } from './request.ts';

const d = (iso: string): AllowDuration => {
  const parsed = parseAllowDuration(iso);
  if (!parsed.ok) throw new Error(parsed.error.code);
  return parsed.value;
};

const approvalBy = (approverId: string, duration = 'P1D'): Approval => ({
  approverId,
  at: new Date('2026-11-20T10:00:00Z'),
  duration,
  indicatorType: null,
  rbacGroupNames: [],
});

describe('approvalStep', () => {
  test.each<[string, number, readonly Approval[], string, ApprovalStep]>([
    ['one approver needed: the first approval completes', 1, [], 'U0BOB', { kind: 'complete' }],
    ['two needed, none yet: record 1 of 2', 2, [], 'U0BOB', { kind: 'record', count: 1, required: 2 }],
    ['two needed, a different approver second: complete', 2, [approvalBy('U0BOB')], 'U0CAROL', { kind: 'complete' }],
    ['two needed, the same approver again: refused', 2, [approvalBy('U0BOB')], 'U0BOB', { kind: 'already_approved' }],
    ['one needed, an approval already recorded by them: refused', 1, [approvalBy('U0BOB')], 'U0BOB', { kind: 'already_approved' }],
  ])('%s', (_case, required, previous, approverId, expected) => {
    expect(approvalStep(required, previous, approverId)).toEqual(expected);
  });
});

describe('shortestDuration', () => {
  test.each<[string, [string, ...string[]], string]>([
    ['a single choice', ['P3D'], 'P3D'],
    ['the first shorter', ['PT8H', 'P7D'], 'PT8H'],
    ['the second shorter', ['P30D', 'P1D'], 'P1D'],
    ['equal choices', ['P1D', 'P1D'], 'P1D'],
    ['hours against days', ['P1D', 'PT8H'], 'PT8H'],
  ])('%s → %s', (_case, chosen, expected) => {
    expect(shortestDuration(chosen.map(d) as [AllowDuration, ...AllowDuration[]]).iso).toBe(expected);
  });
});
