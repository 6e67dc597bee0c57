import type { RequestView } from '../../../app/ports/request-view.ts';
import { mention, plural, slackDate } from '../mrkdwn.ts';

const NAMED_REPORTERS = 10;

/**
 * The context line under an approval message: its number, when it was reported, the live count of
 * reporters and devices, and who else reported it, e.g.
 * "Request #42 · reported <!date…> · *2 reporters* · 1 device in the evidence · also reported by <@C> · details in the thread".
 */
export function approvalContextText(view: RequestView): string {
  const { request, reporters } = view;
  const others = reporters.filter((r) => r.userId !== request.requesterId);
  return (
    `Request #${request.number} · reported ${slackDate(request.createdAt)} · ${reachText(view)}` +
    (others.length > 0 ? ` · also reported by ${alsoReportedBy(others)}` : '') +
    ' · details in the thread'
  );
}

/**
 * The live count, updated as people join: how many reported it, and on how many devices Defender
 * saw the block. The bold count is what approvers scan for during a company-wide block.
 */
function reachText(view: RequestView): string {
  const devices = view.evidence?.summary.deviceCount ?? 0;
  return `*${plural(view.reporters.length, 'reporter')}*` + (devices > 0 ? ` · ${plural(devices, 'device')} in the evidence` : '');
}

/** The newest ten, newest first, then a count, so the context stays far inside Slack's 3,000 characters. */
function alsoReportedBy(others: RequestView['reporters']): string {
  const named = newestOthers(others).map((r) => mention(r.userId)).join(', ');
  const rest = others.length - NAMED_REPORTERS;
  return rest > 0 ? `${named} and ${plural(rest, 'other')}` : named;
}

const newestOthers = (others: RequestView['reporters']) => [...others].reverse().slice(0, NAMED_REPORTERS);
