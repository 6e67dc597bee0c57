import type { HomeItem, Page } from '../../../app/ports/home-queries.ts';
import { approverIds, decidedTarget, heldUntil, type RequestStatus } from '../../../domain/request/request.ts';
import { SLASH_COMMAND } from '../action-ids.ts';
import { channelLink, clip, code, mention, quote, slackDate } from '../mrkdwn.ts';
import { diagnoseBlock } from '../../../domain/evidence/block-diagnosis.ts';
import { causeField } from './block-cause-text.ts';
import { evidenceHeadline } from './evidence-text.ts';
import { scopePhrase } from './allow-scope-text.ts';
import { proposedScope, rbacGroupNamesOf } from '../../../domain/request/allow-scope.ts';
import type { ApprovalRule } from '../../../domain/request/approval-rule.ts';
import { approvalWarnings } from './approval-warnings.ts';
import { durationLabel } from './duration-label.ts';
import { overrideConfirmText } from './existing-indicators.ts';
import { simulatedAllow } from './dry-run-text.ts';

/** The short help block at the top of every Home tab: how to report a blocked portal. */
export const HOME_HELP_TEXT =
  '*How to report a blocked portal*\n' +
  `Type \`${SLASH_COMMAND} <address> [what fails]\` in any channel, e.g. \`${SLASH_COMMAND} https://logistics.contoso.com the shipping app fails\`. ` +
  'Unblock looks up what Defender blocked and asks the security team; you hear back in a direct message, and your requests are listed below.';

const STATUS_WORDS: Record<RequestStatus, string> = {
  investigating: ':mag: Looking up Defender',
  pending_approval: ':hourglass_flowing_sand: Waiting for approvers',
  approved: ':hourglass_flowing_sand: Approved, not active yet',
  active: ':white_check_mark: Allowed',
  denied: ':no_entry: Denied',
  revoked: ':no_entry: Revoked',
  expired: ':checkered_flag: Ended',
  failed: ':x: Failed',
};

/**
 * A dry run's statuses once approved: its allow was only simulated, so it never reads "Allowed", and
 * its end never reads as if something had been allowed (simulatedAllow).
 */
const DRY_RUN_STATUS_WORDS: Partial<Record<RequestStatus, string>> = {
  approved: ':hourglass_flowing_sand: Dry run approved, not recorded yet',
  active: ':test_tube: Dry run approved (nothing allowed in Defender)',
  revoked: ':no_entry: Dry run revoked (nothing had been allowed in Defender)',
  expired: ':checkered_flag: Dry run ended (nothing had been allowed in Defender)',
};

/** A request's status in a few words, for the Home lists; a dry run's allow is said to be one. */
export function homeStatusText(view: HomeItem): string {
  return dryRunStatusWords(view) ?? STATUS_WORDS[view.request.status];
}

/** The dry-run words for the request's status, or undefined when its status reads as for any request. */
function dryRunStatusWords(view: HomeItem): string | undefined {
  return simulatedAllow(view) ? DRY_RUN_STATUS_WORDS[view.request.status] : undefined;
}

/** Where the allow applies: the approved groups once decided, else the proposed ones. */
function scopeText(view: HomeItem): string {
  const groups = view.decision?.outcome === 'approved' ? view.decision.rbacGroupNames : rbacGroupNamesOf(proposedScope(view.evidence));
  return scopePhrase(groups);
}

/** "until <date>" for an approved allow with a known end; "" otherwise. */
function untilText(view: HomeItem): string {
  if (view.decision?.outcome !== 'approved' || !['approved', 'active'].includes(view.request.status)) return '';
  const end = heldUntil(view.decision, view.extensions, view.indicator);
  if (!end) return '';
  // Approved but not in Defender yet: the end is what the approval runs to, not something allowed now.
  return view.request.status === 'approved' ? `, to run until ${slackDate(end)}` : ` until ${slackDate(end)}`;
}

/**
 * ` · dry run` after the number of a request reported under DRY_RUN=true (its allow is only
 * simulated), unless its status already says so.
 */
function dryRunMark(view: HomeItem): string {
  return view.request.dryRun === true && dryRunStatusWords(view) === undefined ? ' · :test_tube: _dry run: nothing in Defender_' : '';
}

/** One of "My requests": `*#12* `host` · status · scope · until …`. */
export function myRequestLine(view: HomeItem): string {
  const { request } = view;
  const host = decidedTarget(request, view.decision).value;
  return `*#${request.number}* ${code(host)}${dryRunMark(view)}\n${homeStatusText(view)}${untilText(view)} · ${scopeText(view)} · reported ${slackDate(request.createdAt)}`;
}

/**
 * One of "Waiting for you": who asked for what, when, how many reported it, and where it applies,
 * then the evidence lines and `warnings` (homeDecisionWarnings), one per line.
 */
export function waitingLine(view: HomeItem, viewerId: string, warnings: readonly string[] = []): string {
  const { request } = view;
  const others = view.reporterCount > 1 ? ` (+${view.reporterCount - 1} more reporter${view.reporterCount > 2 ? 's' : ''})` : '';
  const approvedBy = view.approvals.map((a) => a.approverId);
  const note =
    request.requesterId === viewerId
      ? '\n_You reported it: another approver decides._'
      : approvedBy.includes(viewerId)
        ? '\n_You approved it; it needs a second, different approver._'
        : approvedBy.length > 0
          ? `\nApproved so far by ${approvedBy.map(mention).join(', ')}; needs a second approver.`
          : '';
  return `*#${request.number}* ${code(request.target.value)} for ${mention(request.requesterId)}${others}${dryRunMark(view)}\nReported ${slackDate(request.createdAt)} · ${scopeText(view)}${note}\n${evidenceLines(view)}${warnings.map((w) => `\n${w}`).join('')}`;
}

/**
 * What the channel message warns approvers of before they decide, for a request on Home: the Block
 * or Warn indicators of the organisation that approving overrides (with their creators, as the
 * Approve confirmation names them), the two different approvers and the shorter maximum a threat
 * verdict (or a failed hunt) needs while nobody has approved yet, a registrable domain's every
 * subdomain and a punycode look-alike (approvalWarnings). Empty for an ordinary request.
 */
export function homeDecisionWarnings(view: Pick<HomeItem, 'request' | 'evidence' | 'approvals'>, rule: ApprovalRule, threatMaxMs: number): string[] {
  const warnings: string[] = [];
  const overrides = overrideConfirmText(view.request.target, view.evidence, 400);
  if (overrides !== '') warnings.push(`:no_entry: *${overrides}*`);
  if (rule.approvable && rule.requiredApprovals > 1 && view.approvals.length === 0) {
    warnings.push(`:rotating_light: Needs *two different approvers* (one approval alone allows nothing) and lasts *${durationLabel(threatMaxMs)} at most*.`);
  }
  return [...warnings, ...approvalWarnings(view)];
}

/**
 * What an approver needs before deciding from Home, as on the channel message: the reporter's
 * reason, why Defender blocked it (a threat or command-and-control verdict named), the evidence in
 * one line, and where the whole message and its thread are.
 */
function evidenceLines(view: HomeItem): string {
  const { request, evidence } = view;
  const [heading = '', ...causes] = causeField(diagnoseBlock(evidence)).split('\n');
  const lines = [
    request.reason ? quote(clip(request.reason, 200)) : '_No description given._',
    `${heading.replace(/\*$/, ':*')} ${causes.join('; ')}`,
    `${evidenceHeadline(evidence)}${request.approvalMessage ? ` Full evidence and thread in ${channelLink(request.approvalMessage.channelId)}.` : ''}`,
  ];
  return lines.join('\n');
}

/** One of "Active allows": host, until when, who approved, where it applies. */
export function activeLine(view: HomeItem): string {
  const { request, decision } = view;
  const host = decidedTarget(request, decision).value;
  const approvers = approverIds(decision, view.approvals).map(mention).join(' and ');
  return `*#${request.number}* ${code(host)} for ${mention(request.requesterId)}${dryRunMark(view)}\n${homeStatusText(view)}${untilText(view)} · approved by ${approvers || 'nobody yet'} · ${scopeText(view)}`;
}

/** "Showing 11–20 of 37" (or "None." for an empty list). */
export function pageText(page: Page<unknown>): string {
  if (page.total === 0) return 'None.';
  return `Showing ${page.offset + 1}–${page.offset + page.items.length} of ${page.total}`;
}
