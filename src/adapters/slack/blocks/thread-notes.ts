import type { RequestView, ThreadNote } from '../../../app/ports.ts';
import { parseAllowDuration } from '../../../domain/request/allow-duration.ts';
import { code, escapeText, mention, quote, slackDate } from '../mrkdwn.ts';
import { decisionLine } from './decision-line.ts';

/** Text of a thread reply under the approval message. */
export function renderThreadNote(view: RequestView, note: ThreadNote): string {
  switch (note.kind) {
    case 'reporter_joined':
      return `:raised_hands: +1 from ${mention(note.userId)}${note.reason ? `\n${quote(note.reason)}` : ''}`;
    case 'decided':
      return decisionLine(view);
    case 'allow_active':
      return allowActive(view, note.others);
    case 'activation_failed':
      return (
        `:x: ${approvedBy(view)}, but the allow indicator could not be created in Defender: ${escapeText(note.error)}.\n` +
        'The request stays approved but *not active*; nothing is allowed yet.'
      );
  }
}

function allowActive(view: RequestView, others: Extract<ThreadNote, { kind: 'allow_active' }>['others']): string {
  const { indicator } = view;
  if (indicator === null) return decisionLine(view);
  const until = indicator.expiresAt ? `until ${slackDate(indicator.expiresAt)}` : 'with no expiry';
  const lines = [
    indicator.reusedExisting
      ? `:white_check_mark: ${approvedBy(view)}. An existing Defender allow indicator already covers ${code(indicator.target.value)} ${until}: indicator ${code(indicator.defenderId)} (reused, nothing new was created).`
      : `:white_check_mark: ${approvedBy(view)}. Defender allow indicator ${code(indicator.defenderId)} created: ${indicator.target.type} ${code(indicator.target.value)}, allowed ${until}.`,
    'Devices usually pick it up within 2 hours (up to 48 hours).',
  ];
  if (others.length > 0) {
    lines.push(
      `Also on this value in Defender: ${others.map((o) => `${escapeText(o.action)} ${escapeText(o.type)} indicator ${code(o.id)}`).join(', ')}. An Allow indicator takes precedence over them.`,
    );
  }
  return lines.join('\n');
}

function approvedBy(view: RequestView): string {
  const { decision } = view;
  if (decision === null) return 'Approved';
  const duration = decision.duration ? parseAllowDuration(decision.duration) : undefined;
  return `Approved by ${mention(decision.deciderId)}${duration?.ok ? ` for ${duration.value.label}` : ''}`;
}
