import type { types } from '@slack/bolt';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { diagnoseBlock } from '../../../domain/evidence/block-diagnosis.ts';
import { approvalRule, threatMaxMs, type DecisionPolicy } from '../../../domain/request/approval-rule.ts';
import { ALLOW_BLOCK_ID } from '../action-ids.ts';
import { clip, code, mention, plural, quote } from '../mrkdwn.ts';
import { allowCoverText } from '../text/allow-cover.ts';
import { allowScopeField } from '../text/allow-scope-text.ts';
import { approvalContextText } from '../text/approval-context.ts';
import { approvalWarnings } from '../text/approval-warnings.ts';
import { decisionLine } from '../text/decision-line.ts';
import { causeField, remedyText } from '../text/block-cause-text.ts';
import { evidenceHeadline, tallyText } from '../text/evidence-text.ts';
import { existingIndicatorsText } from '../text/existing-indicators.ts';
import { pendingSections } from '../text/pending-sections.ts';
import { plain } from './controls.ts';
import { decisionControls } from './decision-controls.ts';
import { revokeButton } from './revoke-button.ts';
import type { SlackMessage } from './slack-message.ts';

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } });

/**
 * The approval message in the approvers' channel, rendered from the request's current state:
 * with decision controls while it waits, with the decision instead once decided. Why Defender
 * blocked it (the cause of each category) and the recommended fix follow the evidence; the controls
 * follow the request's ApprovalRule under `policy`. The indicators Defender already holds around the
 * target follow the fix (which one approving reuses, which Block or Warn it overrides). The target is shown as the parsed host in a code
 * span, never as a link.
 */
export function renderApprovalMessage(view: RequestView, policy: DecisionPolicy): SlackMessage {
  const { request, evidence, reporters } = view;
  const diagnosis = diagnoseBlock(evidence);
  const rule = approvalRule(evidence, policy);
  const remedy = remedyText(diagnosis, rule, { pending: view.decision === null, threatMaxMs: threatMaxMs(policy) });
  const host = request.target.value;
  const existing = existingIndicatorsText(request.target, evidence);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(clip(`${request.dryRun === true ? 'DRY RUN · ' : ''}Unblock request #${request.number}: ${host}`, 150)) },
    ...(request.dryRun === true
      ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: ':test_tube: *Dry run* (`DRY_RUN=true` when it was reported): approving records the indicator Unblock would create and shows it in the thread; nothing is written to Defender, now or later.' }] }]
      : []),
    section(
      `${mention(request.requesterId)} cannot reach ${code(host)}.\n` +
        (request.reason ? quote(request.reason) : '_No description given._'),
    ),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: clip(allowCoverText(view), 2000) },
        { type: 'mrkdwn', text: clip(allowScopeField(view), 2000) },
        ...(request.reportedTarget !== host ? [{ type: 'mrkdwn' as const, text: clip(`*Reported address*\n${code(request.reportedTarget)}`, 2000) }] : []),
        { type: 'mrkdwn', text: clip(causeField(diagnosis), 2000) },
        { type: 'mrkdwn', text: `*Top processes*\n${tallyText(evidence?.summary.processes ?? [], true)}` },
      ],
    },
    section(`*Evidence:* ${evidenceHeadline(evidence)}`),
    ...(remedy === null ? [] : [section(remedy)]),
    ...(existing === null ? [] : [section(existing)]),
    ...approvalWarnings(view).map(section),
    { type: 'context', elements: [{ type: 'mrkdwn', text: approvalContextText(view) }] },
    // Controls only while it can still be decided: one that expired undecided shows why instead.
    ...(view.decision === null && view.request.status === 'pending_approval'
      ? [...pendingSections(view, rule).map(section), decisionControls(view, rule, policy)]
      : [section(decisionLine(view)), ...allowControls(view)]),
  ];
  return { text: `Unblock request #${request.number}: ${host} (${plural(reporters.length, 'reporter')})`, blocks };
}

/** While an allow is approved or active, the approval message offers Revoke. */
function allowControls(view: RequestView): types.ActionsBlock[] {
  if (view.request.status !== 'approved' && view.request.status !== 'active') return [];
  return [{ type: 'actions', block_id: ALLOW_BLOCK_ID, elements: [revokeButton(view)] }];
}
