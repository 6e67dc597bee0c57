import type { types } from '@slack/bolt';
import type { RequestSummary } from '../../../app/ports/request-view.ts';
import { indicatorChoices, type IndicatorChoices } from '../../../domain/indicator/indicator-choices.ts';
import { ALL_DEVICES_VALUE, proposedScope, proposedScopeValue, type AllowScope } from '../../../domain/request/allow-scope.ts';
import { durationChoicesFor, type ApprovalRule, type DecisionPolicy } from '../../../domain/request/approval-rule.ts';
import type { IndicatorTarget } from '../../../domain/target/target.ts';
import { ACTIONS, DECISION_BLOCK_ID } from '../action-ids.ts';
import { clip } from '../mrkdwn.ts';
import { overrideConfirmText, overridesOrgBlock } from '../text/existing-indicators.ts';
import { groupNamesText } from '../text/allow-scope-text.ts';
import { indicatorReach } from '../text/indicator-reach.ts';
import { isoDurationLabel } from '../text/duration-label.ts';
import { confirmedButton, durationSelect, plain } from './controls.ts';

/**
 * Duration, indicator kind (when the reported address had a path), Approve and Deny, under the
 * request's `rule`: the durations its cause allows, and no Approve (nor duration) when the rule
 * offers none (a command-and-control verdict without ALLOW_C2_OVERRIDE): only Deny. Approve's
 * confirmation names the Block or Warn indicators approving overrides, first.
 */
export function decisionControls(view: RequestSummary, rule: ApprovalRule, policy: DecisionPolicy): types.ActionsBlock {
  const { request } = view;
  const choices = indicatorChoices(request);
  const scope = proposedScope(view.evidence);
  const deny = confirmedButton({ actionId: ACTIONS.deny, text: 'Deny', style: 'danger', requestId: request.id, title: 'Deny this request?', body: 'The requester will be told.', confirm: 'Deny' });
  if (!rule.approvable) return { type: 'actions', block_id: DECISION_BLOCK_ID, elements: [deny] };
  return {
    type: 'actions',
    block_id: DECISION_BLOCK_ID,
    elements: [
      durationSelect(ACTIONS.duration, durationChoicesFor(rule, policy), 'Allow for…'),
      ...(choices.length > 1 ? [indicatorKindSelect(choices)] : []),
      ...(scope.kind === 'device_groups' ? [scopeSelect(scope)] : []),
      confirmedButton({
        actionId: ACTIONS.approve,
        text: 'Approve',
        style: 'primary',
        requestId: request.id,
        // The dialog's title says it first when approving overrides the organisation's own block: the text may have no room to name it.
        title: overridesOrgBlock(request.target, view.evidence) ? "Override your organisation's block?" : 'Allow this portal?',
        body: confirmBody(approveCovers(view, rule, scope), (room) => overrideConfirmText(request.target, view.evidence, room)),
        confirm: 'Approve',
      }),
      deny,
    ],
  };
}

/**
 * What Approve's confirmation says the click does. Before any approval: it creates the allow (or,
 * when the rule needs two different approvers, once a second one approves too). After the first of
 * two: this click completes it, and the allow is what both agreed to (approveRequest: the shorter
 * duration, the narrower indicator and device-group scope), so the first approver's duration is
 * named and "the duration you picked" is never promised.
 */
function approveCovers(view: RequestSummary, rule: ApprovalRule, scope: AllowScope): string {
  const { request } = view;
  const dryRun = request.dryRun === true;
  const what = `${indicatorReach(request.target)}${indicatorChoices(request).length > 1 ? ' (or only the URL, if picked)' : ''}`;
  const groups = scope.kind === 'device_groups' ? `on ${scope.rbacGroupNames.length === 1 ? 'device group' : 'device groups'} ${groupNamesText(scope.rbacGroupNames)}` : null;
  const first = rule.requiredApprovals > 1 ? view.approvals[0] : undefined;
  if (first === undefined) {
    const quorum = rule.requiredApprovals > 1 ? ' once a second, different approver approves too' : '';
    const where = groups === null ? 'on ALL managed devices' : `${groups} (or ALL devices, if picked)`;
    return `${dryRun ? 'Dry run: this records (never creates) the Defender allow indicator Unblock would create' : 'This creates a Defender allow indicator'} for ${what}, ${where}${quorum}.`;
  }
  const firstFor = isoDurationLabel(first.duration) ?? first.duration;
  const where = groups === null ? 'on ALL managed devices' : `${groups} (ALL devices only if you both pick that)`;
  return (
    `${dryRun ? 'Dry run: yours is the second approval: it records (never creates) the allow indicator Unblock would create' : 'Yours is the second approval: it creates a Defender allow indicator'} ` +
    `for ${what} ${where}, for the shorter of the two durations (the first approver picked ${firstFor}); where you differ, the narrower choice applies.`
  );
}

/** Slack's limit on a confirmation dialog's text, in characters (confirm object: "text ≤300"; shared/reference/slack.md §Block Kit limits). */
const CONFIRM_TEXT_MAX = 300;

/**
 * What an Approve confirmation says: what the allow covers first (never the part Slack clips), then
 * the indicators it overrides, in whatever room is left.
 */
function confirmBody(covers: string, overrides: (room: number) => string): string {
  const extra = overrides(CONFIRM_TEXT_MAX - covers.length - 1);
  return extra === '' ? covers : `${covers} ${extra}`;
}

/**
 * The proposed device groups (preselected) or all devices: widening is an explicit choice. The groups'
 * value fingerprints them (proposedScopeValue), so a click on a message drawn before a widening is
 * refused; the option text is clipped to Slack's 75 characters.
 */
function scopeSelect(scope: Extract<AllowScope, { kind: 'device_groups' }>): types.StaticSelect {
  const proposed: types.PlainTextOption = { text: plain(clip(`Only device groups: ${scope.rbacGroupNames.join(', ')}`, 75)), value: proposedScopeValue(scope.rbacGroupNames) };
  const all: types.PlainTextOption = { text: plain('ALL devices in the tenant (wider)'), value: ALL_DEVICES_VALUE };
  return { type: 'static_select', action_id: ACTIONS.scope, placeholder: plain('Applies to…'), options: [proposed, all], initial_option: proposed };
}

/** The host (preselected) or the reported URL alone; option values are Defender's indicator types. */
function indicatorKindSelect(choices: IndicatorChoices): types.StaticSelect {
  const option = (c: IndicatorTarget): types.PlainTextOption => ({
    // Slack caps option text at 75 characters; a long host is clipped, the value says what it means.
    text: plain(clip(c.type === 'Url' ? 'URL: this path only (Edge only)' : `Domain: ${c.value} and its subdomains`, 75)),
    value: c.type,
  });
  return { type: 'static_select', action_id: ACTIONS.indicatorKind, placeholder: plain('Allow what…'), options: choices.map(option), initial_option: option(choices[0]) };
}
