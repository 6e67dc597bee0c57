import { describe, expect, test } from 'vitest';
import { checkDecision, type DecisionAttempt, type DecisionRefusal } from './approval-policy.ts';
import type { ClickedSurface } from './own-message.ts';
import type { MessageRef, RequestStatus } from './request.ts';

const REQUEST_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fromHome = (requestId = REQUEST_ID): ClickedSurface => ({ homeTab: { requestId } });

const approvalMessage: MessageRef = { channelId: 'C0APPROVE', ts: '1764100000.000100' };

/** A click by approver U0BOB on the approval message of a pending request raised by U0ALICE. */
function attempt(overrides: {
  status?: RequestStatus;
  requesterId?: string;
  approvalMessage?: MessageRef | null;
  deciderId?: string;
  deciderIsApprover?: boolean;
  clickedMessage?: ClickedSurface;
} = {}): DecisionAttempt {
  return {
    request: {
      id: REQUEST_ID,
      status: overrides.status ?? 'pending_approval',
      requesterId: overrides.requesterId ?? 'U0ALICE',
      approvalMessage: overrides.approvalMessage === undefined ? approvalMessage : overrides.approvalMessage,
    },
    deciderId: overrides.deciderId ?? 'U0BOB',
    deciderIsApprover: overrides.deciderIsApprover ?? true,
    clickedMessage: overrides.clickedMessage ?? approvalMessage,
  };
}

describe('checkDecision', () => {
  test('lets an approver other than the requester decide a pending request from its approval message', () => {
    expect(checkDecision(attempt())).toEqual({ ok: true, value: undefined });
  });

  test("lets an approver decide from their Home tab, on controls drawn for this request", () => {
    expect(checkDecision(attempt({ clickedMessage: fromHome() }))).toEqual({ ok: true, value: undefined });
  });

  test.each<[string, DecisionAttempt, DecisionRefusal['code']]>([
    ['a click in another channel', attempt({ clickedMessage: { ...approvalMessage, channelId: 'C0OTHER' } }), 'wrong_message'],
    ['a click on another message', attempt({ clickedMessage: { ...approvalMessage, ts: '1764100000.000200' } }), 'wrong_message'],
    ['a request with no approval message yet', attempt({ approvalMessage: null }), 'wrong_message'],
    ['a Home tab click on controls drawn for another request', attempt({ clickedMessage: fromHome('9f2504e0-4f89-41d3-9a0c-0305e82c3399') }), 'wrong_message'],
    ['a Home tab click by someone who is not an approver', attempt({ clickedMessage: fromHome(), deciderIsApprover: false }), 'not_an_approver'],
    ['a Home tab click by the requester', attempt({ clickedMessage: fromHome(), deciderId: 'U0ALICE' }), 'self_approval_forbidden'],
    ['a Home tab click on a request already decided', attempt({ clickedMessage: fromHome(), status: 'denied' }), 'already_decided'],
    ['a request still being set up (posted, not yet recorded)', attempt({ status: 'investigating', approvalMessage: null }), 'not_ready'],
    ['a click by someone who is not an approver', attempt({ deciderIsApprover: false }), 'not_an_approver'],
    ['an approver deciding their own request', attempt({ deciderId: 'U0ALICE' }), 'self_approval_forbidden'],
    ['a request already approved', attempt({ status: 'approved' }), 'already_decided'],
    ['a request already denied', attempt({ status: 'denied' }), 'already_decided'],
    ['a request already active', attempt({ status: 'active' }), 'already_decided'],
    ['a request still investigating, even from its own message', attempt({ status: 'investigating' }), 'not_ready'],
  ])('refuses %s', (_case, input, refusal) => {
    expect(checkDecision(input)).toEqual({ ok: false, error: { code: refusal } });
  });

  test.each<[string, DecisionAttempt, DecisionRefusal['code']]>([
    [
      'the wrong message before anything else',
      attempt({ approvalMessage: null, deciderIsApprover: false, deciderId: 'U0ALICE', status: 'denied' }),
      'wrong_message',
    ],
    ['not being an approver before self-approval', attempt({ deciderIsApprover: false, deciderId: 'U0ALICE', status: 'denied' }), 'not_an_approver'],
    ['self-approval before an earlier decision', attempt({ deciderId: 'U0ALICE', status: 'approved' }), 'self_approval_forbidden'],
  ])('reports %s', (_case, input, refusal) => {
    expect(checkDecision(input)).toEqual({ ok: false, error: { code: refusal } });
  });
});
