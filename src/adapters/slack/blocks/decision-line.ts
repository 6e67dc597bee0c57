import type { RequestView } from '../../../app/ports.ts';
import { parseAllowDuration } from '../../../domain/request/allow-duration.ts';
import { escapeText, mention, slackDate } from '../mrkdwn.ts';

/** One line saying who decided what, when, and whether the allow is live. */
export function decisionLine(view: RequestView): string {
  const { decision, indicator, request } = view;
  if (decision === null) return 'Waiting for an approver.';
  const who = `${mention(decision.deciderId)} ${slackDate(decision.decidedAt)}`;
  if (decision.outcome === 'denied') return `:no_entry: *Denied* by ${who}.`;
  const duration = decision.duration ? parseAllowDuration(decision.duration) : undefined;
  const forHow = duration?.ok ? ` for ${duration.value.label}` : '';
  const until = decision.allowUntil ? ` until ${slackDate(decision.allowUntil)}` : '';
  if (request.status === 'active' && indicator) {
    return `:white_check_mark: *Approved* by ${who}${forHow}: allowed${until} (Defender indicator ${escapeText(indicator.defenderId)}).`;
  }
  return `:hourglass_flowing_sand: *Approved* by ${who}${forHow}${until}. The Defender allow indicator is *not active yet*; progress is in the thread.`;
}
