import type { ScopeChangeDecision, ScopeChangeOutcome } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { ScopeChange } from '../../../domain/request/scope-change.ts';
import type { DecideScopeChangeRefusal } from '../../../app/decide-scope-change.ts';
import { code, errorText, mention } from '../mrkdwn.ts';
import { scopePhrase } from './allow-scope-text.ts';

/**
 * The scope-change message's text (mrkdwn): who reported the host as still blocked, the device
 * groups the allow reaches now, and the wider set proposed; device group names are Defender's text,
 * escaped. `twoApprovers`: a threat verdict's allow, which is widened only by a fresh report.
 */
export function scopeChangeText(view: RequestView, proposal: ScopeChange, twoApprovers: boolean): string {
  const now = view.indicator?.rbacGroupNames ?? view.decision?.rbacGroupNames ?? [];
  const added = proposal.groups.filter((g) => !now.includes(g));
  return (
    `:arrows_counterclockwise: *Scope change proposed* for the allow of ${code(view.request.target.value)} (request #${view.request.number}): ` +
    `${proposal.reporterIds.map(mention).join(', ')} reported it as still blocked, and Defender blocked devices in ` +
    `${scopePhrase(added)}, which the allow does not reach.\n` +
    `Now: ${scopePhrase(now)}. Proposed: ${scopePhrase(proposal.groups)}, until the allow's current end.` +
    (twoApprovers
      ? '\nThis allow overrides a Microsoft threat verdict and needed two approvers: its scope is not widened here. To cover these devices, ask the reporter to report the host again for a fresh decision.'
      : '')
  );
}

/** The confirmation dialog of Approve scope change (mrkdwn, within Slack's 300 characters): groups before → after. */
export const scopeChangeConfirmText = (before: readonly string[], after: readonly string[]): string =>
  `The Defender allow indicator will apply to ${scopePhrase(after)} instead of ${scopePhrase(before)}, until its current end.`;

/** The confirmation dialog of Deny (mrkdwn). */
export const scopeChangeDenyConfirmText = (before: readonly string[]): string =>
  `The allow keeps applying to ${scopePhrase(before)} only; nothing changes in Defender.`;

/** What replaces the scope-change message's buttons. */
export function settledScopeChangeText(outcome: ScopeChangeOutcome): string {
  if (outcome.kind === 'allow_ended') return ':heavy_minus_sign: Closed undecided: the allow ended.';
  return outcome.decision === 'approved'
    ? `:white_check_mark: Approved by ${mention(outcome.actorId)}: the allow now applies to ${scopePhrase(outcome.proposed)} (was ${scopePhrase(outcome.before)}).`
    : `:no_entry: Denied by ${mention(outcome.actorId)}: the allow stays on ${scopePhrase(outcome.before)}.`;
}

/** The thread note after a scope change was decided (mrkdwn). */
export function scopeChangeDecidedNote(view: RequestView, d: ScopeChangeDecision): string {
  return d.decision === 'approved'
    ? `:white_check_mark: ${mention(d.actorId)} approved the scope change: the allow for ${code(view.request.target.value)} now applies to ${scopePhrase(d.proposed)} ` +
        `(was ${scopePhrase(d.before)}), same indicator, same end. Devices newly covered may take up to 48 hours to pick it up.`
    : `:no_entry: ${mention(d.actorId)} denied the scope change: the allow for ${code(view.request.target.value)} stays on ${scopePhrase(d.before)}.`;
}

/** The DM to the reporters whose report opened the scope change (mrkdwn). */
export function scopeChangeDecidedDm(view: RequestView, d: ScopeChangeDecision): string {
  const host = code(view.request.target.value);
  return d.decision === 'approved'
    ? `:white_check_mark: The allow for ${host} (request #${view.request.number}) now reaches your device's group too: ${mention(d.actorId)} approved widening it to ${scopePhrase(d.proposed)}. ` +
        'Defender can take up to 48 hours to apply it to your device.'
    : `:no_entry: ${mention(d.actorId)} did not widen the allow for ${host} (request #${view.request.number}) to your device's group. If you think this is a mistake, talk to the security team; the request number helps them find it.`;
}

/** What the clicker is told, privately, when Approve scope change or Deny changed nothing. */
export function scopeChangeRefusalText(failure: DecideScopeChangeRefusal): string {
  const unchanged = 'Nothing was changed.';
  switch (failure.code) {
    case 'not_found':
    case 'wrong_message':
      return `:warning: This button does not belong to a scope change I know. ${unchanged}`;
    case 'not_an_approver':
      return `:no_entry_sign: Only approvers can decide a scope change. ${unchanged}`;
    case 'self_approval_forbidden':
      return `:no_entry_sign: You requested this allow: another approver has to decide its scope. ${unchanged}`;
    case 'no_open_scope_change':
      return `:information_source: This scope change is not open any more (decided already, or the allow ended); look at the thread. ${unchanged}`;
    case 'stale_scope_change':
      return `:warning: A later report changed the proposed device groups since these buttons were drawn; look at the message again and decide on what it shows now. ${unchanged}`;
    case 'needs_fresh_report':
      return `:no_entry_sign: This allow overrides a Microsoft threat verdict and needed two approvers, so its scope is not widened here: ask the reporter to report the host again for a fresh decision. ${unchanged}`;
    case 'not_our_indicator':
      return `:warning: This allow rides on a Defender indicator Unblock did not create; Unblock does not rewrite someone else's indicator. ${unchanged}`;
    case 'busy':
      return `:hourglass_flowing_sand: Someone else is changing this allow right now; look at the thread, and try again if the scope change is still open. ${unchanged}`;
    case 'defender_failed':
      return failure.retryable
        ? `:x: Defender was unavailable (${errorText(failure.message)}). Please try again in a few minutes. ${unchanged}`
        : `:x: Defender refused (${errorText(failure.message)}). Trying again will not help until that is fixed. ${unchanged}`;
  }
}
