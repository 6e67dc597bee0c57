import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { REQUEST_STATUSES } from '../request/request.ts';
import { dueActions, type LifecycleSnapshot } from './due-actions.ts';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from './lifecycle-policy.ts';
import { DUE_AT_ONCE, nextDueAt } from './next-due-at.ts';
import { DECIDED, END_1D, snapshot } from '../../../test/builders/lifecycle-snapshots.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe('nextDueAt', () => {
  test.each<[string, LifecycleSnapshot, Date | null]>([
    ['an approved request never tried: activate at once', snapshot(), DUE_AT_ONCE],
    ['an approved request backing off: the next attempt', snapshot({ nextActivationAt: at(DECIDED, 2 * MINUTE) }), at(DECIDED, 2 * MINUTE)],
    [
      'failing for a while: the alert, before the next attempt',
      snapshot({ nextActivationAt: at(DECIDED, 3 * HOUR), activationFailingSince: DECIDED }),
      at(DECIDED, HOUR),
    ],
    [
      'failing and already alerted: the next attempt',
      snapshot({ nextActivationAt: at(DECIDED, 3 * HOUR), activationFailingSince: DECIDED, activationAlertedAt: at(DECIDED, HOUR) }),
      at(DECIDED, 3 * HOUR),
    ],
    ['the next attempt would come after the window: the end (abandon)', snapshot({ nextActivationAt: at(END_1D, HOUR) }), END_1D],
    ['active, drift never checked: at once', snapshot({ status: 'active' }), DUE_AT_ONCE],
    ['active one-day allow, drift checked: the drift check an hour later', snapshot({ status: 'active', driftCheckedAt: at(DECIDED, MINUTE) }), at(DECIDED, MINUTE + HOUR)],
    [
      'active one-day allow near its end: the reminder an hour before the end',
      snapshot({ status: 'active', driftCheckedAt: at(END_1D, -90 * MINUTE) }),
      at(END_1D, -HOUR),
    ],
    [
      'reminded already: the end (confirm expiry)',
      snapshot({ status: 'active', driftCheckedAt: at(END_1D, -30 * MINUTE), reminderSentFor: END_1D }),
      END_1D,
    ],
    [
      'a three-day allow: the reminder a day before the end',
      snapshot({ status: 'active', allowUntil: at(DECIDED, 3 * DAY), driftCheckedAt: at(DECIDED, 2 * DAY - MINUTE) }),
      at(DECIDED, 2 * DAY),
    ],
    ['no end recorded: never', snapshot({ allowUntil: null }), null],
    [
      'active, drift checked, not verified yet: the check VERIFY_AFTER (PT2H) after activation',
      snapshot({ status: 'active', allowUntil: at(DECIDED, 3 * DAY), activatedAt: DECIDED, driftCheckedAt: at(DECIDED, 90 * MINUTE) }),
      at(DECIDED, 2 * HOUR),
    ],
    [
      'first check still blocked: the second VERIFY_AGAIN_AFTER (P1D) after activation, before the next drift check',
      snapshot({ status: 'active', allowUntil: at(DECIDED, 3 * DAY), activatedAt: DECIDED, driftCheckedAt: at(DECIDED, 23.5 * HOUR), verifyCount: 1, verifiedAt: at(DECIDED, 2 * HOUR), verifyBlockedDevices: 3 }),
      at(DECIDED, DAY),
    ],
    [
      'first check clean: only the drift check',
      snapshot({ status: 'active', allowUntil: at(DECIDED, 3 * DAY), activatedAt: DECIDED, driftCheckedAt: at(DECIDED, 23.5 * HOUR), verifyCount: 1, verifiedAt: at(DECIDED, 2 * HOUR), verifyBlockedDevices: 0 }),
      at(DECIDED, 24.5 * HOUR),
    ],
  ])('%s', (_name, r, expected) => {
    expect(nextDueAt(r, DEFAULT_LIFECYCLE_POLICY)).toEqual(expected);
  });

  test.each(REQUEST_STATUSES.filter((s) => s !== 'approved' && s !== 'active'))('a %s request is never due', (status) => {
    expect(nextDueAt(snapshot({ status }), DEFAULT_LIFECYCLE_POLICY)).toBeNull();
  });

  // The instant nextDueAt names is exactly when dueActions starts to say something: nothing is due
  // before it (so sweeping `nextDueAt <= now` misses nothing) and something is due at it (so the
  // sweep never picks a request up for nothing).
  test('agrees with dueActions: nothing due before it, something due at it', () => {
    const base = DECIDED.getTime();
    const instant = fc.integer({ min: -2 * DAY, max: 10 * DAY }).map((ms) => new Date(base + ms));
    const maybe = fc.option(instant, { nil: null });
    const arbitrarySnapshot = fc.record<LifecycleSnapshot>({
      status: fc.constantFrom(...REQUEST_STATUSES),
      windowStartedAt: maybe,
      allowUntil: maybe,
      nextActivationAt: maybe,
      activationFailingSince: maybe,
      activationAlertedAt: maybe,
      reminderSentFor: maybe,
      driftCheckedAt: maybe,
      activatedAt: maybe,
      verifyCount: fc.integer({ min: 0, max: 2 }),
      verifiedAt: maybe,
      verifyBlockedDevices: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    });
    const policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY;
    fc.assert(
      fc.property(arbitrarySnapshot, fc.integer({ min: 0, max: 12 * DAY }), (r, probe) => {
        const due = nextDueAt(r, policy);
        const t = new Date(base - 2 * DAY + probe);
        if (due === null) return dueActions(r, t, policy).length === 0;
        if (dueActions(r, due, policy).length === 0) return false;
        return t.getTime() >= due.getTime() || dueActions(r, t, policy).length === 0;
      }),
      { seed: 20261130, numRuns: 20_000 },
    );
  });
});
