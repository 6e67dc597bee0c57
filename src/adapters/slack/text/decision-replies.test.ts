import { describe, expect, test } from 'vitest';
import type { DecideRefusal } from '../../../app/decide-request.ts';
import { activeView, aView, denial, deniedView, shownDate, withoutOwnMarkup } from '../../../../test/builders/request-view-fixtures.ts';
import { decisionRefusalText } from './decision-replies.ts';

describe('decisionRefusalText', () => {
  const refusals: Array<[string, DecideRefusal, string]> = [
    ['not_ready', { code: 'not_ready' }, 'still being set up'],
    ['not_found', { code: 'not_found' }, 'does not belong to a request I know'],
    ['wrong_message', { code: 'wrong_message' }, 'does not belong to a request I know'],
    ['not_an_approver', { code: 'not_an_approver' }, 'Only approvers'],
    ['self_approval_forbidden', { code: 'self_approval_forbidden' }, 'cannot decide your own request'],
    ['duration_not_offered', { code: 'duration_not_offered' }, 'not on offer'],
    ['already_decided (approved)', { code: 'already_decided', view: activeView() }, 'was already approved by <@U0BOB>'],
    ['already_decided (denied)', { code: 'already_decided', view: deniedView() }, 'was already denied by <@U0BOB>'],
    ['already_decided (no decision recorded)', { code: 'already_decided', view: aView({ request: { status: 'failed' } }) }, 'no longer waiting for a decision'],
    ['already_decided (expired undecided)', { code: 'already_decided', view: aView({ request: { status: 'expired' } }) }, 'expired undecided, so it can no longer be approved or denied'],
    ['already_decided by an unverified id', { code: 'already_decided', view: aView({ request: { status: 'denied' }, decision: { ...denial, deciderId: '<!channel>' } }) }, 'was already denied by &lt;!channel&gt;'],
  ];

  test('pending_closed: when it closed, and to report again', () => {
    const closesAt = new Date('2026-11-23T09:00:00Z');
    expect(decisionRefusalText({ code: 'pending_closed', closesAt, number: 42 })).toBe(
      `:hourglass: Request #42 closed undecided ${shownDate(closesAt)}, so it can no longer be approved; ask the requester to report it again. Nothing was changed.`,
    );
  });

  test.each(refusals)('%s', (_, refusal, expected) => {
    const text = decisionRefusalText(refusal);
    expect(text.trim()).not.toBe('');
    expect(text).toContain(expected);
    expect(text).toContain('Nothing was changed.');
    expect(withoutOwnMarkup(text)).not.toContain('<');
  });
});
