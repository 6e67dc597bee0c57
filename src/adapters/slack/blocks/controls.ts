import type { types } from '@slack/bolt';
import type { AllowDuration, DurationChoices } from '../../../domain/request/allow-duration.ts';
import { clip } from '../mrkdwn.ts';
import { durationLabel } from '../text/duration-label.ts';

/** A Block Kit plain-text object (emoji shortcodes rendered); Slack does not parse markup in it. */
export const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text, emoji: true });

/** A duration select over the offered durations. */
export function durationSelect(actionId: string, choices: DurationChoices, placeholder: string): types.StaticSelect {
  const option = (d: AllowDuration): types.PlainTextOption => ({ text: plain(durationLabel(d.ms)), value: d.iso });
  return { type: 'static_select', action_id: actionId, placeholder: plain(placeholder), options: choices.options.map(option), initial_option: option(choices.initial) };
}

/** A button carrying the request id, with a confirmation dialog. */
export function confirmedButton(input: {
  actionId: string;
  text: string;
  requestId: string;
  style?: 'primary' | 'danger';
  title: string;
  body: string;
  confirm: string;
}): types.Button {
  return {
    type: 'button',
    action_id: input.actionId,
    text: plain(input.text),
    value: input.requestId,
    ...(input.style ? { style: input.style } : {}),
    confirm: {
      title: plain(clip(input.title, 100)),
      text: { type: 'mrkdwn', text: clip(input.body, 300) },
      confirm: plain(input.confirm),
      deny: plain('Cancel'),
      ...(input.style === 'danger' ? { style: 'danger' as const } : {}),
    },
  };
}
