import type { types } from '@slack/bolt';
import type { ReminderOutcome } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { approvalRule, durationChoicesFor, type DecisionPolicy } from '../../../domain/request/approval-rule.ts';
import { decidedTarget } from '../../../domain/request/request.ts';
import { ACTIONS, REMINDER_BLOCK_ID } from '../action-ids.ts';
import { code } from '../mrkdwn.ts';
import { NOT_EXTENDABLE } from '../text/allow-replies.ts';
import { reminderHeadline, settledReminderText } from '../text/reminder-text.ts';
import { confirmedButton, durationSelect, plain } from './controls.ts';
import { revokeButton } from './revoke-button.ts';
import type { SlackMessage } from './slack-message.ts';

/**
 * The expiry reminder in the request's thread: Extend (approvers), Revoke, or let it expire. An allow
 * that took two different approvers offers no Extend (extendAllow refuses it too) and says why.
 */
export function renderReminder(view: RequestView, policy: DecisionPolicy): SlackMessage {
  const host = decidedTarget(view.request, view.decision).value;
  const id = view.request.id;
  const rule = approvalRule(view.evidence, policy);
  const extendable = rule.requiredApprovals === 1;
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `${reminderHeadline(view)}\n` + (extendable ? 'Extend it, revoke it now, or let it expire.' : `Revoke it now, or let it expire. ${NOT_EXTENDABLE}`) },
    },
    {
      type: 'actions',
      block_id: REMINDER_BLOCK_ID,
      elements: [
        ...(extendable
          ? [
              durationSelect(ACTIONS.extendDuration, durationChoicesFor(rule, policy), 'Extend by…'),
              confirmedButton({ actionId: ACTIONS.extend, text: 'Extend', style: 'primary', requestId: id, title: 'Extend this allow?', body: `The allow for ${code(host)} will last the chosen time from now.`, confirm: 'Extend' }),
            ]
          : []),
        revokeButton(view),
        { type: 'button', action_id: ACTIONS.letExpire, text: plain('Let it expire'), value: id },
      ],
    },
  ];
  return { text: `Reminder: the allow for ${host} (request #${view.request.number}) ends soon`, blocks };
}

/** The reminder once acted on: its headline, and what happened instead of the controls. */
export function renderSettledReminder(view: RequestView, outcome: ReminderOutcome): SlackMessage {
  return {
    text: `Reminder for request #${view.request.number}: ${outcome.kind}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: reminderHeadline(view) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: settledReminderText(view, outcome) }] },
    ],
  };
}
