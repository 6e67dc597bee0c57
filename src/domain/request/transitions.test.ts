import { describe, expect, test } from 'vitest';
import { isOpen, REQUEST_STATUSES, type RequestStatus } from './request.ts';
import { nextStatus, REQUEST_EVENTS, type RequestEvent } from './transitions.ts';

/** Every allowed move, written out independently of the source table; every other pair is refused. */
const ALLOWED: Record<RequestStatus, Partial<Record<RequestEvent, RequestStatus>>> = {
  investigating: { submitted_for_approval: 'pending_approval', publish_failed: 'failed' },
  pending_approval: { approved: 'approved', denied: 'denied', approval_timed_out: 'expired' },
  approved: { indicator_active: 'active', activation_abandoned: 'failed', revoked: 'revoked' },
  active: { revoked: 'revoked', expired: 'expired' },
  denied: {},
  expired: {},
  revoked: {},
  failed: {},
};

const pairs = REQUEST_STATUSES.flatMap((from) =>
  REQUEST_EVENTS.map((event) => ({ from, event, to: ALLOWED[from][event] ?? null })),
);

describe('nextStatus', () => {
  test('covers all statuses and events', () => {
    expect(pairs).toHaveLength(REQUEST_STATUSES.length * REQUEST_EVENTS.length);
    expect(Object.keys(ALLOWED).sort()).toEqual([...REQUEST_STATUSES].sort());
  });

  test.each(pairs)('$from + $event → $to', ({ from, event, to }) => {
    expect(nextStatus(from, event)).toEqual(
      to === null ? { ok: false, error: { code: 'transition_refused', from, event } } : { ok: true, value: to },
    );
  });
});

describe('isOpen', () => {
  test.each([
    ['investigating', true],
    ['pending_approval', true],
    ['approved', true],
    ['active', true],
    ['denied', false],
    ['expired', false],
    ['revoked', false],
    ['failed', false],
  ] satisfies Array<[RequestStatus, boolean]>)('%s → %s', (status, open) => {
    expect(isOpen(status)).toBe(open);
  });

  test('a status is open exactly when some event can still move it', () => {
    for (const status of REQUEST_STATUSES) {
      expect(isOpen(status)).toBe(Object.keys(ALLOWED[status]).length > 0);
    }
  });
});
