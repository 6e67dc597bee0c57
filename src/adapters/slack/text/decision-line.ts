import type { RequestView } from '../../../app/ports/request-view.ts';
import { approverIds, parseActorLabel, heldUntil } from '../../../domain/request/request.ts';
import { code, escapeText, mention, slackDate } from '../mrkdwn.ts';
import { isoDurationLabel } from './duration-label.ts';
import { undecidedLine } from './undecided-notes.ts';

/** `slack:U123` → a mention; `system:…` → "Unblock". */
export function actorText(label: string | null): string {
  const actor = label === null ? null : parseActorLabel(label);
  return actor?.kind === 'slack' ? mention(actor.userId) : 'Unblock';
}

/** Who approved: "<@A>", or "<@A> and <@B>" when a second approver was needed; the decider on a denial. */
export function approversText(view: RequestView): string {
  const ids = approverIds(view.decision, view.approvals);
  return ids.length > 0 ? ids.map(mention).join(' and ') : view.decision ? mention(view.decision.deciderId) : '';
}

/** " (URL only, enforced in Microsoft Edge only)" when the approvers chose a Url indicator. */
export function urlOnlyText(view: RequestView): string {
  return view.decision?.indicator?.type === 'Url' ? ` (only the URL ${code(view.decision.indicator.value)}, enforced in Microsoft Edge only)` : '';
}

/** One line saying who decided what, when, and where the allow stands now. */
export function decisionLine(view: RequestView): string {
  const { decision, indicator, request } = view;
  if (decision === null) return request.status === 'expired' ? undecidedLine(view) : 'Waiting for an approver.';
  const who = `${mention(decision.deciderId)} ${slackDate(decision.decidedAt)}`;
  if (decision.outcome === 'denied') return `:no_entry: *Denied* by ${who}.`;
  const duration = decision.duration ? isoDurationLabel(decision.duration) : undefined;
  const approved = `*Approved* by ${approversText(view)} ${slackDate(decision.decidedAt)}${duration ? ` for ${duration}` : ''}${urlOnlyText(view)}`;
  const end = heldUntil(decision, view.extensions, view.indicator);
  const until = end ? ` until ${slackDate(end)}` : '';
  const extended = view.extensions.length > 0 ? ` (extended by ${mention(view.extensions.at(-1)!.actorId)})` : '';
  const closed = request.closedAt ? slackDate(request.closedAt) : '';
  // "active" without a recorded indicator would be a lie about what Defender holds.
  switch (request.status === 'active' && indicator === null ? 'approved' : request.status) {
    case 'active':
      return `:white_check_mark: ${approved}: allowed${until}${extended} (Defender indicator ${escapeText(indicator!.defenderId)}).`;
    case 'revoked':
      return `:no_entry: ${approved}. *Revoked* by ${actorText(request.closedBy)} ${closed}; nothing is allowed any more.`;
    case 'expired':
      return `:checkered_flag: ${approved}. *Expired* ${closed}${extended}; nothing is allowed any more.`;
    case 'failed':
      return `:x: ${approved}, but Defender never accepted the allow before the approved time ran out. Nothing is allowed now.`;
    default:
      return `:hourglass_flowing_sand: ${approved}${until}. The Defender allow indicator is *not active yet*; progress is in the thread.`;
  }
}
