import type { types } from '@slack/bolt';
import type { RequestSummary } from '../../../app/ports/request-view.ts';
import { decidedTarget } from '../../../domain/request/request.ts';
import { ACTIONS } from '../action-ids.ts';
import { code } from '../mrkdwn.ts';
import { confirmedButton } from './controls.ts';

/**
 * The Revoke button of an approved or active allow, wherever it is offered (the approval message and
 * the expiry reminder): danger-styled, carrying the request id, with a confirmation naming the value
 * whose Defender indicator is deleted.
 */
export function revokeButton(view: RequestSummary): types.Button {
  return confirmedButton({
    actionId: ACTIONS.revoke,
    text: 'Revoke',
    style: 'danger',
    requestId: view.request.id,
    title: 'Revoke this allow now?',
    body:
      view.request.dryRun === true
        ? `Dry run: the would-be allow for ${code(decidedTarget(view.request, view.decision).value)} ends now (Defender holds nothing to delete).`
        : `The Defender allow indicator for ${code(decidedTarget(view.request, view.decision).value)} is deleted now.`,
    confirm: 'Revoke',
  });
}
