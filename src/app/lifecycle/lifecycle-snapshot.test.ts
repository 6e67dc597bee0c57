import { describe, expect, test } from 'vitest';
import type { Decision, Extension, LifecycleRecord, MessageRef } from '../../domain/request/request.ts';
import { clickedOwnMessage } from '../../domain/request/own-message.ts';
import { lifecycleSnapshot } from './lifecycle-snapshot.ts';
import { allowControlMessages } from '../support/allow-controls.ts';
import type { RequestView } from '../ports/request-view.ts';

const DECIDED = new Date('2026-06-02T09:00:00.000Z');
const DECISION_END = new Date('2026-06-03T09:00:00.000Z');
const FIRST_EXTENSION_END = new Date('2026-06-04T09:00:00.000Z');
const SECOND_EXTENSION_END = new Date('2026-06-06T09:00:00.000Z');

const approvalMessage: MessageRef = { channelId: 'C0APPROVE', ts: '1780390800.000100' };
const reminder: MessageRef = { channelId: 'C0APPROVE', ts: '1780470000.000200' };

const decision: Decision = {
  outcome: 'approved',
  deciderId: 'U0BOB',
  decidedAt: DECIDED,
  duration: 'P1D',
  allowUntil: DECISION_END,
  indicator: { type: 'DomainName', value: 'portal.contoso.com' },
  rbacGroupNames: [],
};

function extension(fromExpiry: Date, toExpiry: Date): Extension {
  return { actorId: 'U0BOB', at: new Date(fromExpiry.getTime() - 3_600_000), duration: 'P1D', fromExpiry, toExpiry };
}

const lifecycle: LifecycleRecord = {
  activationAttempts: 2,
  nextActivationAt: new Date('2026-06-02T09:01:00.000Z'),
  activationFailingSince: new Date('2026-06-02T09:00:30.000Z'),
  lastActivationError: 'Defender unavailable',
  activationAlertedAt: new Date('2026-06-02T10:00:30.000Z'),
  reminderSentFor: DECISION_END,
  reminder,
  driftCheckedAt: new Date('2026-06-02T11:00:00.000Z'),
  driftReported: null,
  removalAlertedAt: null,
  verifyCount: 1,
  verifiedAt: new Date('2026-06-02T11:05:00.000Z'),
  verifyBlockedDevices: 2,
  nextDueAt: null,
  planVersion: 0,
};

/** An active request approved by U0BOB for a day, with lifecycle bookkeeping and no extensions. */
function view(overrides: Partial<RequestView> & { approvalMessage?: MessageRef | null } = {}): RequestView {
  const { approvalMessage: message = approvalMessage, ...rest } = overrides;
  return {
    request: {
      id: '3f1c2a64-5a0e-4c55-9d1b-0d5f7f3f6a10',
      number: 42,
      status: 'active',
      version: 5,
      target: { type: 'DomainName', value: 'portal.contoso.com' },
      reportedTarget: 'https://portal.contoso.com/login',
      coversSubdomains: false,
      requesterId: 'U0ALICE',
      reason: 'Supplier portal',
      approvalMessage: message,
      createdAt: new Date('2026-06-02T08:50:00.000Z'),
      updatedAt: new Date('2026-06-02T11:00:00.000Z'),
      closedAt: null,
      closedBy: null,
      escalatedAt: null,
    },
    reporters: [{ userId: 'U0ALICE', reason: 'Supplier portal', reportedAt: new Date('2026-06-02T08:50:00.000Z') }],
    evidence: null,
    decision,
    approvals: [],
    indicator: null,
    extensions: [],
    lifecycle,
    ...rest,
  };
}

describe('lifecycleSnapshot', () => {
  test('copies the status, decision time and lifecycle bookkeeping', () => {
    expect(lifecycleSnapshot(view())).toEqual({
      status: 'active',
      windowStartedAt: DECIDED,
      allowUntil: DECISION_END,
      nextActivationAt: lifecycle.nextActivationAt,
      activationFailingSince: lifecycle.activationFailingSince,
      activationAlertedAt: lifecycle.activationAlertedAt,
      reminderSentFor: lifecycle.reminderSentFor,
      driftCheckedAt: lifecycle.driftCheckedAt,
      activatedAt: null,
      verifyCount: 1,
      verifiedAt: lifecycle.verifiedAt,
      verifyBlockedDevices: 2,
    });
  });

  test('an active allow counts its checks from when its indicator was recorded; a revoked one is never checked', () => {
    const recordedAt = new Date('2026-06-02T09:00:05.000Z');
    const indicator = { defenderId: '995', target: decision.indicator!, expiresAt: DECISION_END, reusedExisting: false, recordedAt, rbacGroupNames: [] };
    expect(lifecycleSnapshot(view({ indicator })).activatedAt).toEqual(recordedAt);
    const revoked = view({ indicator });
    expect(lifecycleSnapshot({ ...revoked, request: { ...revoked.request, status: 'revoked' } }).activatedAt).toBeNull();
  });

  test('an extension starts a new window: the reminder lead then follows its length', () => {
    const extended = view({ extensions: [extension(DECISION_END, FIRST_EXTENSION_END)] });
    expect(lifecycleSnapshot(extended).windowStartedAt).toEqual(extended.extensions[0]!.at);
  });

  test('a request not yet approved has nulls throughout', () => {
    const pending = view({ decision: null, lifecycle: null });
    expect(lifecycleSnapshot({ ...pending, request: { ...pending.request, status: 'pending_approval' } })).toEqual({
      status: 'pending_approval',
      windowStartedAt: null,
      allowUntil: null,
      nextActivationAt: null,
      activationFailingSince: null,
      activationAlertedAt: null,
      reminderSentFor: null,
      driftCheckedAt: null,
      activatedAt: null,
      verifyCount: 0,
      verifiedAt: null,
      verifyBlockedDevices: null,
    });
  });

  test.each<[string, Decision | null, Extension[], Date | null]>([
    ['no extensions: the decision’s end', decision, [], DECISION_END],
    ['one extension: its end', decision, [extension(DECISION_END, FIRST_EXTENSION_END)], FIRST_EXTENSION_END],
    [
      'two extensions: the latest end',
      decision,
      [extension(DECISION_END, FIRST_EXTENSION_END), extension(FIRST_EXTENSION_END, SECOND_EXTENSION_END)],
      SECOND_EXTENSION_END,
    ],
    [
      'two extensions listed newest first: still the latest end',
      decision,
      [extension(FIRST_EXTENSION_END, SECOND_EXTENSION_END), extension(DECISION_END, FIRST_EXTENSION_END)],
      SECOND_EXTENSION_END,
    ],
    ['a denial: no end', { ...decision, outcome: 'denied', duration: null, allowUntil: null }, [], null],
    ['no decision: no end', null, [], null],
  ])('allowUntil with %s', (_name, d, extensions, expected) => {
    expect(lifecycleSnapshot(view({ decision: d, extensions })).allowUntil).toEqual(expected);
  });
});

describe('a click on allow controls counts from the approval message or the reminder only', () => {
  test.each<[string, RequestView, MessageRef, boolean]>([
    ['the approval message', view(), approvalMessage, true],
    ['the reminder message', view(), reminder, true],
    ['a copy of the approval ref', view(), { channelId: 'C0APPROVE', ts: '1780390800.000100' }, true],
    ['another message in the same channel', view(), { channelId: 'C0APPROVE', ts: '1780390800.000999' }, false],
    ['the approval ts in another channel', view(), { ...approvalMessage, channelId: 'C0OTHER' }, false],
    ['the reminder ts in another channel', view(), { ...reminder, channelId: 'C0OTHER' }, false],
    ['the approval message of a request without a reminder', view({ lifecycle: { ...lifecycle, reminder: null } }), approvalMessage, true],
    ['the old reminder once the view has none', view({ lifecycle: { ...lifecycle, reminder: null } }), reminder, false],
    ['the reminder before lifecycle exists', view({ lifecycle: null }), reminder, false],
    ['any message of a view without messages', view({ approvalMessage: null, lifecycle: null }), approvalMessage, false],
    ['any message of a view without messages but with lifecycle', view({ approvalMessage: null, lifecycle: { ...lifecycle, reminder: null } }), reminder, false],
  ])('%s → %s', (_name, v, clicked, expected) => {
    expect(clickedOwnMessage(allowControlMessages(v), clicked)).toBe(expected);
  });
});
