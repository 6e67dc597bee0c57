import { describe, expect, test } from 'vitest';
import { REQUEST_STATUSES } from './request.ts';
import { DEFAULT_PENDING_POLICY, pendingClosesAt, pendingCutoffs, pendingDue, type PendingDue, type PendingSnapshot } from './pending-due.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const REPORTED = new Date('2026-12-01T09:00:00.000Z');
const at = (ms: number) => new Date(REPORTED.getTime() + ms);

const pending = (escalatedAfterMs: number | null = null): PendingSnapshot => ({
  status: 'pending_approval',
  createdAt: REPORTED,
  escalatedAt: escalatedAfterMs === null ? null : at(escalatedAfterMs),
});

describe('pendingDue (ESCALATE_AFTER PT30M, PENDING_TTL P3D)', () => {
  test.each<[string, PendingSnapshot, number, PendingDue | null]>([
    ['just reported', pending(), 0, null],
    ['a millisecond before the escalation', pending(), 30 * MINUTE - 1, null],
    ['at the escalation instant', pending(), 30 * MINUTE, 'escalate'],
    ['a day undecided, never escalated (the bot was down)', pending(), DAY, 'escalate'],
    ['escalated already', pending(30 * MINUTE), DAY, null],
    ['escalated, a millisecond before the TTL', pending(30 * MINUTE), 3 * DAY - 1, null],
    ['escalated, at the TTL', pending(30 * MINUTE), 3 * DAY, 'expire'],
    ['past the TTL and never escalated: closing, not a late reminder', pending(), 3 * DAY + 1, 'expire'],
    ['approved, past the TTL', { ...pending(), status: 'approved' }, 4 * DAY, null],
    ['still investigating, past the TTL (the stale-report sweep closes it)', { ...pending(), status: 'investigating' }, 4 * DAY, null],
    ['already expired', { ...pending(), status: 'expired' }, 4 * DAY, null],
  ])('%s → %s', (_, request, afterMs, due) => {
    expect(pendingDue(request, at(afterMs), DEFAULT_PENDING_POLICY)).toBe(due);
  });

  test('escalating at or after the TTL never happens: with ESCALATE_AFTER ≥ PENDING_TTL the request just closes', () => {
    const policy = { escalateAfterMs: 3 * DAY, pendingTtlMs: 3 * DAY };
    expect(pendingDue(pending(), at(3 * DAY - 1), policy)).toBeNull();
    expect(pendingDue(pending(), at(3 * DAY), policy)).toBe('expire');
  });

  test('only pending_approval owes anything', () => {
    for (const status of REQUEST_STATUSES) {
      expect(pendingDue({ ...pending(), status }, at(4 * DAY), DEFAULT_PENDING_POLICY) !== null).toBe(status === 'pending_approval');
    }
  });
});

describe('pendingCutoffs', () => {
  test('select exactly the requests pendingDue finds due', () => {
    for (const afterMs of [0, 29 * MINUTE, 30 * MINUTE, 31 * MINUTE, DAY, 3 * DAY - 1, 3 * DAY, 5 * DAY]) {
      for (const escalated of [null, 30 * MINUTE]) {
        const now = at(afterMs);
        const request = pending(escalated);
        const { escalateIfReportedBy, expireIfReportedBy } = pendingCutoffs(now, DEFAULT_PENDING_POLICY);
        const selected =
          (request.escalatedAt === null && request.createdAt <= escalateIfReportedBy) || request.createdAt <= expireIfReportedBy;
        expect(selected, `${afterMs} ms, escalated ${escalated}`).toBe(pendingDue(request, now, DEFAULT_PENDING_POLICY) !== null);
      }
    }
  });

  test('the closing instant is the report plus PENDING_TTL', () => {
    expect(pendingClosesAt(REPORTED, DEFAULT_PENDING_POLICY)).toEqual(new Date('2026-12-04T09:00:00.000Z'));
  });
});
