import type { ThreadNote } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { diagnoseBlock, governingCause } from '../../../domain/evidence/block-diagnosis.ts';
import { approvalRule, requiredApprovals } from '../../../domain/request/approval-rule.ts';
import { code, mention, plural, slackDate } from '../mrkdwn.ts';
import { approvalProgressText } from './approval-progress.ts';
import { durationLabel } from './duration-label.ts';

/** Who an escalation alerts, as configured: APPROVER_USERGROUP_ID when set, else APPROVER_USER_IDS. */
export interface ApproverAudience {
  readonly userIds: readonly string[];
  readonly usergroupId: string | undefined;
}

/** A Slack user group id as Slack writes it: `S…`, upper-case letters and digits (the same rule config.ts checks). */
const SLACK_USERGROUP_ID = /^S[A-Z0-9]{2,}$/;

/**
 * The approvers, mentioned: the user group when one is configured (Slack's group mention is
 * `<!subteam^ID>`, docs.slack.dev/messaging/formatting-message-text#mentioning-groups), else each
 * configured approver id (`<@U…>`); "Approvers" when neither is usable.
 */
export function approverAudienceMention(audience: ApproverAudience, exclude: readonly string[] = []): string {
  if (audience.usergroupId !== undefined && SLACK_USERGROUP_ID.test(audience.usergroupId)) return `<!subteam^${audience.usergroupId}>`;
  const ids = audience.userIds.filter((id) => !exclude.includes(id)).map(mention);
  return ids.length > 0 ? ids.join(' ') : 'Approvers';
}

/**
 * The approvers who could still approve: the configured ids other than the requester (who may not
 * decide their own request) and those who already approved. Null when a user group is configured
 * (its members are not known here).
 */
function stillEligible(view: RequestView, audience: ApproverAudience): readonly string[] | null {
  if (audience.usergroupId !== undefined && SLACK_USERGROUP_ID.test(audience.usergroupId)) return null;
  const excluded = [view.request.requesterId, ...view.approvals.map((a) => a.approverId)];
  return audience.userIds.filter((id) => !excluded.includes(id));
}

/** What is still needed of the approvers: one decision, or the approvals a threat-flagged request lacks. */
function stillNeeded(view: RequestView, required: number): string {
  if (view.approvals.length > 0) return approvalProgressText(view.approvals, required);
  if (required === 1) return 'One approver can decide it.';
  return possibleCompromise(view)
    ? `It needs *${required} different approvers* other than the requester (Defender saw command-and-control traffic: a possible compromise).`
    : `It needs *${required} different approvers* other than the requester (Defender's threat intelligence flagged it).`;
}

/**
 * Whether the request's evidence shows command-and-control traffic (enforced or audit mode): a
 * possible compromise, which the security team investigates rather than a block waiting for approval.
 */
function possibleCompromise(view: RequestView): boolean {
  return governingCause(diagnoseBlock(view.evidence)) === 'command_and_control';
}

/**
 * The one escalation of an undecided request, posted in its thread and shown in the channel: it
 * names the approvers, the request and its host, what is still needed, and when it closes. A
 * command-and-control request that Approve is not offered for (no ALLOW_C2_OVERRIDE) is a possible
 * compromise waiting for the security team to investigate and deny it, not for an approval.
 */
export function escalationText(view: RequestView, note: Extract<ThreadNote, { kind: 'escalated' }>, audience: ApproverAudience, settings: { readonly allowC2Override: boolean }): string {
  const { request } = view;
  // Neither the requester nor an approver who already approved can do more: they are not asked.
  const head =
    `:bell: ${approverAudienceMention(audience, [request.requesterId, ...view.approvals.map((a) => a.approverId)])} request #${request.number} for ${code(request.target.value)}, ` +
    `reported by ${mention(request.requesterId)} ${slackDate(request.createdAt)}` +
    (view.reporters.length > 1 ? ` (${plural(view.reporters.length, 'reporter')})` : '');
  if (!approvalRule(view.evidence, settings).approvable) {
    return (
      `${head}, is still open: Defender saw *command-and-control* traffic to it, a *possible compromise*, so Approve is not offered. ` +
      'Investigate the devices in this thread as a security incident, and deny it on the request message.\n' +
      `If nobody denies it, it closes undecided ${slackDate(note.closesAt)}; the requester is told the security team has it as a possible incident.`
    );
  }
  const eligible = stillEligible(view, audience);
  const missing = note.required - view.approvals.length;
  // Honest when the configured approvers cannot reach the quorum without the requester.
  const shortOfApprovers =
    eligible !== null && eligible.length < missing
      ? ` ${eligible.length === 0 ? 'None' : `Only ${eligible.length}`} of the configured approvers can still approve it (the requester cannot approve their own request), ` +
        'so it cannot be approved as things stand: add an approver (APPROVER_USER_IDS), or deny it.'
      : '';
  return (
    `${head}, is still waiting for a decision. ${stillNeeded(view, note.required)}${shortOfApprovers}\n` +
    `Approve or deny it on the request message. If nobody decides, it closes undecided ${slackDate(note.closesAt)} and the requester has to ask again.`
  );
}

/** The thread note when a request closes undecided after PENDING_TTL. */
export function expiredUndecidedText(view: RequestView, note: Extract<ThreadNote, { kind: 'expired_undecided' }>): string {
  const required = requiredApprovals(view.evidence);
  const partial = view.approvals.length > 0 ? ` Only ${view.approvals.length} of the ${required} approvals it needed was given.` : '';
  const told = view.reporters.length === 1 ? 'The requester was' : `All ${view.reporters.length} reporters were`;
  return (
    `:hourglass: Nobody decided request #${view.request.number} within ${durationLabel(note.ttlMs)}, so it is closed as *expired*; nothing was allowed.${partial} ` +
    (possibleCompromise(view) ? `${told} told the security team has it as a possible incident (command-and-control traffic), not to ask again.` : `${told} told how to ask again.`)
  );
}

/**
 * The DM every reporter gets when the request closes undecided: what happened and how to ask again;
 * for a possible compromise (command-and-control traffic), that the security team has it as an incident.
 */
export function expiredUndecidedDm(view: RequestView, ttlMs: number): string {
  const { request } = view;
  if (possibleCompromise(view)) {
    // Asking again would only open another request the security team is already handling.
    return (
      `:rotating_light: Request #${request.number} to reach ${code(request.target.value)} closed after ${durationLabel(ttlMs)} without a decision, and nothing was allowed. ` +
      'Defender saw traffic to it that looks like *command and control* (malware talking to its server), so the security team has it as a *possible security incident*: ' +
      'they will contact you about your device. Please do not try to get around the block, and there is no need to report it again.'
    );
  }
  return (
    `:hourglass: Nobody on the security team decided request #${request.number} to reach ${code(request.target.value)} within ${durationLabel(ttlMs)}, ` +
    `so it was closed and nothing was allowed. If you still need it, ask again: run ${code(`/portal-blocked ${request.target.value} <what you need it for>`)}, which opens a new request.`
  );
}

/** The approval message's closing line for a request that expired undecided (it has no decision). */
export function undecidedLine(view: RequestView): string {
  const { request } = view;
  const when = request.closedAt ? ` ${slackDate(request.closedAt)}` : '';
  const partial = view.approvals.length > 0 ? ` (${view.approvals.map((a) => mention(a.approverId)).join(', ')} approved; more approvals were needed)` : '';
  return `:hourglass: *Expired undecided*${when}: nobody approved or denied it in time${partial}, so nothing was allowed. A new report of ${code(request.target.value)} opens a new request.`;
}
