import type { ReportOutcome } from '../../../app/report-blocked-portal.ts';
import type { Target } from '../../../domain/target/target.ts';
import { targetLabel } from '../../../domain/target/target.ts';
import { code, escapeText, slackDate } from '../mrkdwn.ts';
import { diagnoseBlock, governingCause } from '../../../domain/evidence/block-diagnosis.ts';
import { approvalRule, type ApprovalRuleSettings } from '../../../domain/request/approval-rule.ts';
import { requesterCauseText } from './block-cause-text.ts';
import { evidenceHeadline } from './evidence-text.ts';
import { requesterOverrideText } from './existing-indicators.ts';
import { scopePhrase } from './allow-scope-text.ts';
import { propagationText } from './propagation.ts';

/** The immediate answer to `/portal-blocked`, sent with the ack. */
export function lookingText(target: Target): string {
  return `:mag: Looking for Defender block events for ${code(targetLabel(target))}…`;
}

/** A refused command: what was wrong and how to write it. Never echoes the input. */
export function refusalText(userMessage: string): string {
  return `:warning: ${escapeText(userMessage)} Nothing was submitted.`;
}

/**
 * What the reporter is told once the request is with the approvers (or joined): for a new request,
 * what Defender saw and why it blocked it, in plain words (a command-and-control verdict says it went
 * to the security team as a possible incident; `settings` say whether an allow is possible at all).
 */
export function reportOutcomeText(outcome: ReportOutcome, settings: ApprovalRuleSettings): string {
  if (outcome.kind === 'limited') {
    return outcome.refusal.code === 'too_many_reports'
      ? `:no_entry_sign: You have reported ${outcome.refusal.limit} portals in the last hour, the most one person may. Please wait a little, or ask the security team directly. Nothing was submitted.`
      : `:no_entry_sign: You already have ${outcome.refusal.limit} open requests or allows, the most one person may have at once. Revoke one you no longer need, or wait for them to end. Nothing was submitted.`;
  }
  const { request, decision, indicator } = outcome.view;
  const ref = `request #${request.number} (${code(request.target.value)})`;
  if (outcome.kind === 'opened') {
    const evidence = outcome.view.evidence;
    const diagnosis = diagnoseBlock(evidence);
    // No block, or audit mode (which lets the connection through): whatever stops the requester is probably something else.
    // A command-and-control verdict seen in audit mode only is a possible incident all the same (requesterCauseText).
    const elsewhere =
      diagnosis.kind === 'not_blocked' && diagnosis.cause !== 'command_and_control'
        ? ' So what stops you is probably something else (a proxy, a firewall, DNS or the portal itself); the security team will look.'
        : requesterCauseText(diagnosis, approvalRule(evidence, settings)) + requesterOverrideText(request.target, evidence);
    return `:inbox_tray: Sent to the security team as ${ref}. ${evidenceHeadline(evidence)}${elsewhere} I'll message you when someone decides.`;
  }
  const again = outcome.firstTimeReporter ? "I've added you to it" : 'You had already reported it';
  // A dry run's allow was only simulated: never tell a reporter the portal is (or soon will be) reachable.
  if (request.dryRun === true && (request.status === 'active' || request.status === 'approved')) {
    return `:test_tube: ${ref} was approved in a *dry run* (\`DRY_RUN=true\`): Unblock only simulated the allow and changed nothing in Defender, so the portal is still blocked. ${again}. Ask the security team if you need it now.`;
  }
  switch (request.status) {
    case 'active':
      return (
        `:white_check_mark: ${code((indicator?.target ?? request.target).value)} is already allowed` +
        (indicator?.expiresAt ? ` until ${slackDate(indicator.expiresAt)}` : '') +
        ` (${ref}). ${propagationText('later_reporter')}` +
        // A URL allow leaves the rest of the host blocked, and works in Edge only.
        (indicator?.target.type === 'Url' ? ' Only that URL is allowed, and only in Microsoft Edge.' : '') +
        // A scoped allow does not reach devices in other groups: never promise this reporter it does.
        (indicator && indicator.rbacGroupNames.length > 0
          ? ` It applies only to devices in ${scopePhrase(indicator.rbacGroupNames)}: if yours is in another group it stays blocked until the approvers approve a wider scope (your report asks them).`
          : '')
      );
    case 'approved':
      return `:hourglass_flowing_sand: ${ref} was approved${decision ? ` ${slackDate(decision.decidedAt)}` : ''} and is being activated in Defender. ${again}.`;
    default:
      // Joining a possible compromise: the same words the first reporter heard, not "waiting for an approver".
      if (governingCause(diagnoseBlock(outcome.view.evidence)) === 'command_and_control') {
        const rule = approvalRule(outcome.view.evidence, settings);
        return (
          `:rotating_light: ${code(request.target.value)} is already with the security team as a *possible security incident* (#${request.number}): ` +
          'Defender saw traffic to it that looks like *command and control* (malware talking to its server). ' +
          `${again}; ` +
          (rule.approvable ? 'they will look at your device before deciding.' : 'they will contact you about your device; please do not try to get around the block.')
        );
      }
      return `:raised_hands: ${code(request.target.value)} already has an open request (#${request.number}), waiting for an approver. ${again}; you'll hear when it's decided.`;
  }
}

/**
 * The answer when the work queue is full (a burst): a report is not recorded, a click changes
 * nothing, and the person is asked to try again rather than left waiting.
 */
export function busyText(what: 'report' | 'click'): string {
  return what === 'report'
    ? ':hourglass_flowing_sand: Unblock is handling a lot of reports right now, so nothing was recorded. Please try again in a minute.'
    : ':hourglass_flowing_sand: Unblock is handling a lot of requests right now, so that click changed nothing. Please try again in a minute.';
}

/** Something unexpected failed after the ack; the reference is in the logs. */
export function unexpectedErrorText(ref: string): string {
  return `:warning: Something went wrong while handling that (ref ${escapeText(ref)}). Nothing was changed that you need to undo; please try again, and give the security team the ref if it keeps happening.`;
}
