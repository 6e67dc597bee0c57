import { describe, expect, test } from 'vitest';
import { REQUEST_STATUSES, type RequestStatus } from '../request/request.ts';
import { checkExtension, checkRevocation, type ExtendRefusal, type RevokeRefusal } from './allow-permissions.ts';

const HOUR = 3_600_000;
const NOW = new Date('2026-06-03T08:00:00.000Z');
const CURRENT_END = new Date('2026-06-03T09:00:00.000Z');

type ExtensionInput = Parameters<typeof checkExtension>[0];
type RevocationInput = Parameters<typeof checkRevocation>[0];

/** Approver U0BOB extends U0ALICE's active allow, ending in an hour, by a day. */
function extension(overrides: Partial<ExtensionInput> = {}): ExtensionInput {
  return {
    status: 'active',
    requesterId: 'U0ALICE',
    actorId: 'U0BOB',
    actorIsApprover: true,
    requiredApprovals: 1,
    currentEnd: CURRENT_END,
    now: NOW,
    durationMs: 24 * HOUR,
    ...overrides,
  };
}

/** Approver U0BOB revokes U0ALICE's active allow. */
function revocation(overrides: Partial<RevocationInput> = {}): RevocationInput {
  return { status: 'active', requesterId: 'U0ALICE', actorId: 'U0BOB', actorIsApprover: true, ...overrides };
}

describe('checkExtension', () => {
  test.each(REQUEST_STATUSES.filter((s) => s !== 'active'))('refuses a %s request as not_active', (status) => {
    expect(checkExtension(extension({ status }))).toEqual({ ok: false, error: { code: 'not_active' } });
  });

  test.each<[string, ExtensionInput, ExtendRefusal['code']]>([
    ['an allow that needed two approvers (a threat verdict)', extension({ requiredApprovals: 2 }), 'needs_two_approvers'],
    ['an allow that needed two approvers, even by a non-approver', extension({ requiredApprovals: 2, actorId: 'U0CAROL', actorIsApprover: false }), 'needs_two_approvers'],
    ['someone who is not an approver', extension({ actorId: 'U0CAROL', actorIsApprover: false }), 'not_an_approver'],
    ['the requester who is not an approver', extension({ actorId: 'U0ALICE', actorIsApprover: false }), 'not_an_approver'],
    ['an approver who is the requester', extension({ actorId: 'U0ALICE', actorIsApprover: true }), 'self_extension_forbidden'],
    ['a new end equal to the current end', extension({ durationMs: HOUR }), 'not_longer'],
    ['a new end before the current end', extension({ durationMs: 30 * 60_000 }), 'not_longer'],
    ['an allow whose end is already far away', extension({ currentEnd: new Date('2026-06-10T09:00:00.000Z') }), 'not_longer'],
    // Defender keeps whole seconds: 999 ms more is the same second as the current end.
    ['a new end less than a second past the current end', extension({ durationMs: HOUR + 999 }), 'not_longer'],
  ])('refuses %s', (_name, input, refusal) => {
    expect(checkExtension(input)).toEqual({ ok: false, error: { code: refusal } });
  });

  test.each<[string, number, string]>([
    ['by a day', 24 * HOUR, '2026-06-04T08:00:00.000Z'],
    ['by a whole second past the current end', HOUR + 1000, '2026-06-03T09:00:01.000Z'],
    ['by a week', 7 * 24 * HOUR, '2026-06-10T08:00:00.000Z'],
  ])('extends %s: the new end is now + duration', (_name, durationMs, until) => {
    expect(checkExtension(extension({ durationMs }))).toEqual({ ok: true, value: new Date(until) });
  });

  test('rounds the new end down to the whole second Defender keeps, never up', () => {
    const now = new Date('2026-06-03T08:00:00.773Z');
    expect(checkExtension(extension({ now }))).toEqual({ ok: true, value: new Date('2026-06-04T08:00:00.000Z') });
  });
});

describe('checkRevocation', () => {
  test.each(
    (['approved', 'active'] satisfies RequestStatus[]).flatMap((status) => [
      { status, who: 'the requester', input: revocation({ status, actorId: 'U0ALICE', actorIsApprover: false }) },
      { status, who: 'an approver', input: revocation({ status }) },
      { status, who: 'an approver who is the requester', input: revocation({ status, actorId: 'U0ALICE' }) },
    ]),
  )('$status: $who may revoke', ({ input }) => {
    expect(checkRevocation(input)).toEqual({ ok: true, value: undefined });
  });

  test.each<[string, RevocationInput, RevokeRefusal['code']]>([
    ['an outsider on an active allow', revocation({ actorId: 'U0CAROL', actorIsApprover: false }), 'not_allowed'],
    ['an outsider on an approved allow', revocation({ status: 'approved', actorId: 'U0CAROL', actorIsApprover: false }), 'not_allowed'],
  ])('refuses %s', (_name, input, refusal) => {
    expect(checkRevocation(input)).toEqual({ ok: false, error: { code: refusal } });
  });

  test.each(REQUEST_STATUSES.filter((s) => s !== 'active' && s !== 'approved'))(
    'a %s request is not_revocable, even by the requester or an approver',
    (status) => {
      expect(checkRevocation(revocation({ status }))).toEqual({ ok: false, error: { code: 'not_revocable' } });
      expect(checkRevocation(revocation({ status, actorId: 'U0ALICE', actorIsApprover: false }))).toEqual({ ok: false, error: { code: 'not_revocable' } });
    },
  );
});
