import { describe, expect, test } from 'vitest';
import { REQUEST_STATUSES, type RequestStatus } from '../request/request.ts';
import { dueActions, type DueAction, type LifecycleSnapshot } from './due-actions.ts';
import { DEFAULT_LIFECYCLE_POLICY } from './lifecycle-policy.ts';
import { DECIDED, END_1D, snapshot } from '../../../test/builders/lifecycle-snapshots.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const END_3D = new Date('2026-06-05T09:00:00.000Z');
const END_7D = new Date('2026-06-09T09:00:00.000Z');
/** 2.9 days = 69 h 36 min: just short of the 72 h that earns the long reminder lead. */
const END_2_9D = new Date('2026-06-05T06:36:00.000Z');
const MID_WINDOW = new Date('2026-06-02T15:00:00.000Z');

const before = (end: Date, ms: number): Date => new Date(end.getTime() - ms);
const after = (end: Date, ms: number): Date => new Date(end.getTime() + ms);


/** An active allow checked for drift 10 minutes before `now`, so only the reminder rule speaks. */
function active(now: Date, overrides: Partial<LifecycleSnapshot> = {}): LifecycleSnapshot {
  return snapshot({ status: 'active', driftCheckedAt: before(now, 10 * MINUTE), ...overrides });
}

type Row = [name: string, snapshot: LifecycleSnapshot, now: Date, expected: DueAction[]];

/** A request that would owe everything if its status allowed it. */
const owingEverything = (status: RequestStatus): LifecycleSnapshot =>
  snapshot({
    status,
    nextActivationAt: null,
    activationFailingSince: new Date('2026-06-02T09:00:00.000Z'),
    reminderSentFor: null,
    driftCheckedAt: null,
  });

const idleStatuses = REQUEST_STATUSES.filter((s) => s !== 'approved' && s !== 'active');

describe('dueActions', () => {
  test('the statuses without duties are all the others', () => {
    expect(idleStatuses).toEqual(['investigating', 'pending_approval', 'denied', 'expired', 'revoked', 'failed']);
  });

  test.each(
    idleStatuses.flatMap((status) =>
      (
        [
          ['inside the window', MID_WINDOW],
          ['30 min before the end', before(END_1D, 30 * MINUTE)],
          ['at the end', END_1D],
          ['a day after the end', after(END_1D, 24 * HOUR)],
        ] as const
      ).map(([when, now]) => ({ status, when, now })),
    ),
  )('$status owes nothing $when', ({ status, now }) => {
    expect(dueActions(owingEverything(status), now, DEFAULT_LIFECYCLE_POLICY)).toEqual([]);
  });

  describe('approved', () => {
    const failingSince = new Date('2026-06-02T10:00:00.000Z');
    const retryLater = new Date('2026-06-02T12:00:00.000Z');
    test.each<Row>([
      ['first attempt: nextActivationAt null', snapshot(), MID_WINDOW, ['activate']],
      ['just approved', snapshot(), DECIDED, ['activate']],
      ['retry scheduled in the future', snapshot({ nextActivationAt: retryLater }), before(retryLater, 1), []],
      ['exactly at the retry time', snapshot({ nextActivationAt: retryLater }), retryLater, ['activate']],
      ['after the retry time', snapshot({ nextActivationAt: retryLater }), after(retryLater, MINUTE), ['activate']],
      [
        'failing for 59 min',
        snapshot({ nextActivationAt: retryLater, activationFailingSince: failingSince }),
        after(failingSince, 59 * MINUTE),
        [],
      ],
      [
        'failing for exactly 1 h, retry later',
        snapshot({ nextActivationAt: retryLater, activationFailingSince: failingSince }),
        after(failingSince, HOUR),
        ['alert_activation_failing'],
      ],
      [
        'failing for 2 h, retry due',
        snapshot({ nextActivationAt: failingSince, activationFailingSince: failingSince }),
        after(failingSince, 2 * HOUR),
        ['activate', 'alert_activation_failing'],
      ],
      [
        'failing for 2 h, already alerted',
        snapshot({ nextActivationAt: retryLater, activationFailingSince: failingSince, activationAlertedAt: after(failingSince, HOUR) }),
        before(retryLater, MINUTE),
        [],
      ],
      [
        'failing for 3 h, already alerted, retry due',
        snapshot({ nextActivationAt: retryLater, activationFailingSince: failingSince, activationAlertedAt: after(failingSince, HOUR) }),
        after(failingSince, 3 * HOUR),
        ['activate'],
      ],
      ['1 ms before the end', snapshot(), before(END_1D, 1), ['activate']],
      [
        'at the end, even while failing and unalerted',
        snapshot({ nextActivationAt: null, activationFailingSince: failingSince }),
        END_1D,
        ['abandon_activation'],
      ],
      ['after the end, retry scheduled', snapshot({ nextActivationAt: after(END_1D, HOUR) }), after(END_1D, MINUTE), ['abandon_activation']],
      ['allowUntil null', snapshot({ allowUntil: null }), MID_WINDOW, []],
    ])('%s', (_name, s, now, expected) => {
      expect(dueActions(s, now, DEFAULT_LIFECYCLE_POLICY)).toEqual(expected);
    });
  });

  describe('active', () => {
    const reminderRows = (label: string, end: Date, leadMs: number): Row[] => [
      [`${label}: 1 min inside the lead`, active(before(end, leadMs - MINUTE), { allowUntil: end }), before(end, leadMs - MINUTE), ['remind']],
      [`${label}: exactly at the lead`, active(before(end, leadMs), { allowUntil: end }), before(end, leadMs), ['remind']],
      [`${label}: 1 min before the lead`, active(before(end, leadMs + MINUTE), { allowUntil: end }), before(end, leadMs + MINUTE), []],
    ];

    test.each<Row>([
      ...reminderRows('1-day allow, 1 h lead', END_1D, HOUR),
      ['1-day allow, 59 min before the end', active(before(END_1D, 59 * MINUTE)), before(END_1D, 59 * MINUTE), ['remind']],
      ['1-day allow, 61 min before the end', active(before(END_1D, 61 * MINUTE)), before(END_1D, 61 * MINUTE), []],
      ...reminderRows('3-day allow, 24 h lead', END_3D, 24 * HOUR),
      ...reminderRows('7-day allow, 24 h lead', END_7D, 24 * HOUR),
      ...reminderRows('2.9-day allow, 1 h lead', END_2_9D, HOUR),
      ['2.9-day allow, 23 h before the end: not yet', active(before(END_2_9D, 23 * HOUR), { allowUntil: END_2_9D }), before(END_2_9D, 23 * HOUR), []],
      [
        'reminder already sent for this end',
        active(before(END_1D, 30 * MINUTE), { reminderSentFor: END_1D }),
        before(END_1D, 30 * MINUTE),
        [],
      ],
      [
        'reminder sent for an older end (extended): re-armed',
        active(before(END_3D, 2 * HOUR), { allowUntil: END_3D, reminderSentFor: END_1D }),
        before(END_3D, 2 * HOUR),
        ['remind'],
      ],
      [
        'reminder sent for an older end, new end far away',
        active(before(END_7D, 48 * HOUR), { allowUntil: END_7D, reminderSentFor: END_1D }),
        before(END_7D, 48 * HOUR),
        [],
      ],
      ['never checked for drift', active(MID_WINDOW, { driftCheckedAt: null }), MID_WINDOW, ['check_drift']],
      ['drift checked exactly 1 h ago', active(MID_WINDOW, { driftCheckedAt: before(MID_WINDOW, HOUR) }), MID_WINDOW, ['check_drift']],
      ['drift checked 2 h ago', active(MID_WINDOW, { driftCheckedAt: before(MID_WINDOW, 2 * HOUR) }), MID_WINDOW, ['check_drift']],
      ['drift checked 59 min ago', active(MID_WINDOW, { driftCheckedAt: before(MID_WINDOW, 59 * MINUTE) }), MID_WINDOW, []],
      [
        'reminder and drift check both due',
        active(before(END_1D, 30 * MINUTE), { driftCheckedAt: null }),
        before(END_1D, 30 * MINUTE),
        ['remind', 'check_drift'],
      ],
      ['at the end, reminder unsent, drift unchecked', active(END_1D, { driftCheckedAt: null }), END_1D, ['confirm_expiry']],
      ['at the end, reminder sent', active(END_1D, { reminderSentFor: END_1D }), END_1D, ['confirm_expiry']],
      ['an hour after the end', active(after(END_1D, HOUR), { driftCheckedAt: null }), after(END_1D, HOUR), ['confirm_expiry']],
      ['allowUntil null', active(MID_WINDOW, { allowUntil: null, driftCheckedAt: null }), MID_WINDOW, []],
    ])('%s', (_name, s, now, expected) => {
      expect(dueActions(s, now, DEFAULT_LIFECYCLE_POLICY)).toEqual(expected);
    });
  });

  describe('verify: did the allow work?', () => {
    /** Activated 5 s after the decision (when its indicator was recorded); a three-day allow unless said. */
    const ACTIVATED = after(DECIDED, 5_000);
    const checked = (now: Date, overrides: Partial<LifecycleSnapshot> = {}) => active(now, { allowUntil: END_3D, activatedAt: ACTIVATED, ...overrides });
    const firstCheck = (blockedDevices: number, at = after(ACTIVATED, 2 * HOUR)) => ({ verifyCount: 1, verifiedAt: at, verifyBlockedDevices: blockedDevices });

    test.each<Row>([
      ['1 min before VERIFY_AFTER (PT2H)', checked(after(ACTIVATED, 2 * HOUR - MINUTE)), after(ACTIVATED, 2 * HOUR - MINUTE), []],
      ['exactly at VERIFY_AFTER', checked(after(ACTIVATED, 2 * HOUR)), after(ACTIVATED, 2 * HOUR), ['verify']],
      ['long after VERIFY_AFTER, never checked (the reconciler was down)', checked(after(ACTIVATED, 30 * HOUR)), after(ACTIVATED, 30 * HOUR), ['verify']],
      ['not active yet (no activation recorded)', checked(after(ACTIVATED, 3 * HOUR), { activatedAt: null }), after(ACTIVATED, 3 * HOUR), []],
      ['first check clean: never again', checked(after(ACTIVATED, 25 * HOUR), firstCheck(0)), after(ACTIVATED, 25 * HOUR), []],
      ['first check still blocked: 1 min before VERIFY_AGAIN_AFTER (P1D)', checked(after(ACTIVATED, 24 * HOUR - MINUTE), firstCheck(2)), after(ACTIVATED, 24 * HOUR - MINUTE), []],
      ['first check still blocked: at VERIFY_AGAIN_AFTER', checked(after(ACTIVATED, 24 * HOUR), firstCheck(2)), after(ACTIVATED, 24 * HOUR), ['verify']],
      [
        'first check ran late (at 23 h 30): the second waits VERIFY_AFTER after it',
        checked(after(ACTIVATED, 24 * HOUR), firstCheck(2, after(ACTIVATED, 23.5 * HOUR))),
        after(ACTIVATED, 24 * HOUR),
        [],
      ],
      [
        'first check ran late (at 23 h 30): the second at 25 h 30',
        checked(after(ACTIVATED, 25.5 * HOUR), firstCheck(2, after(ACTIVATED, 23.5 * HOUR))),
        after(ACTIVATED, 25.5 * HOUR),
        ['verify'],
      ],
      [
        'two checks done, still blocked: no third',
        checked(after(ACTIVATED, 48 * HOUR), { verifyCount: 2, verifiedAt: after(ACTIVATED, 24 * HOUR), verifyBlockedDevices: 1, reminderSentFor: END_3D }),
        after(ACTIVATED, 48 * HOUR),
        [],
      ],
      ['drift and verify both due: verify last', checked(after(ACTIVATED, 2 * HOUR), { driftCheckedAt: null }), after(ACTIVATED, 2 * HOUR), ['check_drift', 'verify']],
      ['an allow that ends before VERIFY_AFTER is not checked', checked(after(ACTIVATED, 2 * HOUR), { allowUntil: after(ACTIVATED, HOUR) }), after(ACTIVATED, 2 * HOUR), ['confirm_expiry']],
    ])('%s', (_name, s, now, expected) => {
      expect(dueActions(s, now, DEFAULT_LIFECYCLE_POLICY)).toEqual(expected);
    });

    test.each(idleStatuses)('a %s request is never checked', (status) => {
      expect(dueActions(snapshot({ status, allowUntil: END_3D, activatedAt: ACTIVATED }), after(ACTIVATED, 3 * HOUR), DEFAULT_LIFECYCLE_POLICY)).toEqual([]);
    });
  });
});
