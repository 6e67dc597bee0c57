import { describe, expect, test } from 'vitest';
import { activeView, approval, blocksOfType, policy, indicatorRecord, REQUEST_ID } from '../../../../test/builders/request-view-fixtures.ts';
import { ACTIONS } from '../action-ids.ts';
import { renderApprovalMessage } from './approval-message.ts';
import { renderReminder } from './reminder-message.ts';
import { revokeButton } from './revoke-button.ts';

const revokeIn = (message: Parameters<typeof blocksOfType>[0]) =>
  blocksOfType(message, 'actions').flatMap((b) => (b.elements as Array<{ action_id: string }>).filter((e) => e.action_id === ACTIONS.revoke));

describe('revokeButton', () => {
  test('is a danger button carrying the request id, confirming which indicator is deleted', () => {
    expect(revokeButton(activeView())).toEqual({
      type: 'button',
      action_id: ACTIONS.revoke,
      text: { type: 'plain_text', text: 'Revoke', emoji: true },
      value: REQUEST_ID,
      style: 'danger',
      confirm: {
        title: { type: 'plain_text', text: 'Revoke this allow now?', emoji: true },
        text: { type: 'mrkdwn', text: 'The Defender allow indicator for `logistics.contoso.com` is deleted now.' },
        confirm: { type: 'plain_text', text: 'Revoke', emoji: true },
        deny: { type: 'plain_text', text: 'Cancel', emoji: true },
        style: 'danger',
      },
    });
  });

  test('names the URL when the approvers allowed only the URL', () => {
    const url = { type: 'Url' as const, value: 'https://logistics.contoso.com/portal' };
    const view = { ...activeView(), decision: approval({ indicator: url }), indicator: { ...indicatorRecord, target: url } };
    expect(revokeButton(view).confirm!.text.text).toBe('The Defender allow indicator for `https://logistics.contoso.com/portal` is deleted now.');
  });

  test('is the same button in the approval message and the expiry reminder', () => {
    const view = activeView();
    expect(revokeIn(renderApprovalMessage(view, policy))).toEqual([revokeButton(view)]);
    expect(revokeIn(renderReminder(view, policy))).toEqual([revokeButton(view)]);
  });

  test('a dry run says nothing is deleted from Defender, because nothing was created there', () => {
    const view = activeView();
    expect(revokeButton({ ...view, request: { ...view.request, dryRun: true } }).confirm!.text.text).toBe(
      'Dry run: the would-be allow for `logistics.contoso.com` ends now (Defender holds nothing to delete).',
    );
  });
});
