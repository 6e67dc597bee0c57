import type { types } from '@slack/bolt';
import type { ScopeChangeOutcome } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { ScopeChange } from '../../../domain/request/scope-change.ts';
import { scopeChangeValue } from '../../../domain/request/scope-change.ts';
import { ACTIONS, SCOPE_CHANGE_BLOCK_PREFIX } from '../action-ids.ts';
import { scopeChangeConfirmText, scopeChangeDenyConfirmText, scopeChangeText, settledScopeChangeText } from '../text/scope-change-text.ts';
import { confirmedButton } from './controls.ts';
import type { SlackMessage } from './slack-message.ts';

/**
 * The scope-change message in an active allow's thread: the evidence and the proposal, with Approve
 * scope change (confirmation naming the device groups before → after) and Deny. The buttons' block
 * id carries the proposal's value (SCOPE_CHANGE_BLOCK_PREFIX:scopeChangeValue), so a click on a
 * message drawn for an older proposal is refused as stale. `twoApprovers`: a threat verdict's allow,
 * which is widened only by a fresh report (Approve is not offered, Deny still closes it).
 */
export function renderScopeChange(view: RequestView, proposal: ScopeChange, twoApprovers: boolean): SlackMessage {
  const before = view.indicator?.rbacGroupNames ?? view.decision?.rbacGroupNames ?? [];
  const id = view.request.id;
  const approve = confirmedButton({
    actionId: ACTIONS.approveScopeChange,
    text: 'Approve scope change',
    style: 'primary',
    requestId: id,
    title: 'Widen this allow?',
    body: scopeChangeConfirmText(before, proposal.groups),
    confirm: 'Widen it',
  });
  const deny = confirmedButton({
    actionId: ACTIONS.denyScopeChange,
    text: 'Deny',
    requestId: id,
    title: 'Deny the scope change?',
    body: scopeChangeDenyConfirmText(before),
    confirm: 'Deny',
  });
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: scopeChangeText(view, proposal, twoApprovers) } },
    { type: 'actions', block_id: `${SCOPE_CHANGE_BLOCK_PREFIX}:${scopeChangeValue(proposal.groups)}`, elements: twoApprovers ? [deny] : [approve, deny] },
  ];
  return { text: `Scope change proposed for the allow of ${view.request.target.value} (request #${view.request.number})`, blocks };
}

/** The scope-change message once decided or closed: what became of it instead of the buttons. */
export function renderSettledScopeChange(view: RequestView, outcome: ScopeChangeOutcome): SlackMessage {
  const text = settledScopeChangeText(outcome);
  return {
    text: `Scope change for request #${view.request.number}: ${outcome.kind === 'decided' ? outcome.decision : 'closed'}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:arrows_counterclockwise: *Scope change* for request #${view.request.number}\n${text}` } }],
  };
}
