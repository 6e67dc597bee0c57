import type { ReminderOutcome } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { approverIds, decidedTarget, heldUntil } from '../../../domain/request/request.ts';
import { code, mention, slackDate } from '../mrkdwn.ts';

/**
 * The expiry reminder's headline: the requester and every approver (both approvers of a
 * threat-flagged target included) are told when the allow for the target ends.
 */
export function reminderHeadline(view: RequestView): string {
  const end = heldUntil(view.decision, view.extensions, view.indicator);
  const who = [view.request.requesterId, ...approverIds(view.decision, view.approvals)];
  return (
    `:alarm_clock: ${[...new Set(who)].map(mention).join(' ')} the allow for ${code(decidedTarget(view.request, view.decision).value)} ` +
    `(request #${view.request.number}) ends ${end ? slackDate(end, '{date_short_pretty} {time}') : 'soon'}.`
  );
}

/** What happened to a reminder once acted on, shown instead of its controls: extended, revoked, let expire or expired. */
export function settledReminderText(view: RequestView, outcome: ReminderOutcome): string {
  const end = heldUntil(view.decision, view.extensions, view.indicator);
  const what: Record<ReminderOutcome['kind'], string> = {
    extended: `:arrows_clockwise: Extended by ${'actorId' in outcome ? mention(outcome.actorId) : ''} until ${end ? slackDate(end) : '?'}.`,
    revoked: `:no_entry: Revoked by ${'actorId' in outcome ? mention(outcome.actorId) : ''}.`,
    let_expire: `:hourglass_flowing_sand: ${'actorId' in outcome ? mention(outcome.actorId) : ''} chose to let it expire.`,
    expired: ':checkered_flag: Expired.',
  };
  return what[outcome.kind];
}
