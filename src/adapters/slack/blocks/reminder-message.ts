import type { types } from '@slack/bolt';
import type { ReminderOutcome } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { DurationChoices } from '../../../domain/request/allow-duration.ts';
import { allowEnd, approverIds, decidedTarget } from '../../../domain/request/request.ts';
import { ACTIONS, REMINDER_BLOCK_ID } from '../action-ids.ts';
import { code, mention, slackDate } from '../mrkdwn.ts';
import type { SlackMessage } from './approval-message.ts';
import { confirmedButton, durationSelect, plain } from './controls.ts';

function headline(view: RequestView): string {
  const end = allowEnd(view.decision, view.extensions);
  // Everyone who approved hears it, both approvers of a threat-flagged target included.
  const who = [view.request.requesterId, ...approverIds(view.decision, view.approvals)];
  return (
    `:alarm_clock: ${[...new Set(who)].map(mention).join(' ')} the allow for ${code(decidedTarget(view.request, view.decision).value)} ` +
    `(request #${view.request.number}) ends ${end ? slackDate(end, '{date_short_pretty} {time}') : 'soon'}.`
  );
}

/** The expiry reminder in the request's thread: Extend (approvers), Revoke, or let it expire. */
export function renderReminder(view: RequestView, choices: DurationChoices): SlackMessage {
  const host = decidedTarget(view.request, view.decision).value;
  const id = view.request.id;
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${headline(view)}\nExtend it, revoke it now, or let it expire.` } },
    {
      type: 'actions',
      block_id: REMINDER_BLOCK_ID,
      elements: [
        durationSelect(ACTIONS.extendDuration, choices, 'Extend by…'),
        confirmedButton({ actionId: ACTIONS.extend, text: 'Extend', style: 'primary', requestId: id, title: 'Extend this allow?', body: `The allow for ${code(host)} will last the chosen time from now.`, confirm: 'Extend' }),
        confirmedButton({ actionId: ACTIONS.revoke, text: 'Revoke', style: 'danger', requestId: id, title: 'Revoke this allow now?', body: `The Defender allow indicator for ${code(host)} is deleted now.`, confirm: 'Revoke' }),
        { type: 'button', action_id: ACTIONS.letExpire, text: plain('Let it expire'), value: id },
      ],
    },
  ];
  return { text: `Reminder: the allow for ${host} (request #${view.request.number}) ends soon`, blocks };
}

/** The reminder once acted on: its headline, and what happened instead of the controls. */
export function renderSettledReminder(view: RequestView, outcome: ReminderOutcome): SlackMessage {
  const end = allowEnd(view.decision, view.extensions);
  const what: Record<ReminderOutcome['kind'], string> = {
    extended: `:arrows_clockwise: Extended by ${'actorId' in outcome ? mention(outcome.actorId) : ''} until ${end ? slackDate(end) : '?'}.`,
    revoked: `:no_entry: Revoked by ${'actorId' in outcome ? mention(outcome.actorId) : ''}.`,
    let_expire: `:hourglass_flowing_sand: ${'actorId' in outcome ? mention(outcome.actorId) : ''} chose to let it expire.`,
    expired: ':checkered_flag: Expired.',
  };
  return {
    text: `Reminder for request #${view.request.number}: ${outcome.kind}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline(view) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: what[outcome.kind] }] },
    ],
  };
}
