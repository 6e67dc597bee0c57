import type { types } from '@slack/bolt';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { DurationChoices } from '../../../domain/request/allow-duration.ts';
import { requiredApprovals } from '../../../domain/request/approval-quorum.ts';
import { decidedTarget } from '../../../domain/request/request.ts';
import { ACTIONS, ALLOW_BLOCK_ID } from '../action-ids.ts';
import { confirmedButton, plain } from './controls.ts';
import { decisionControls, pendingSections, URL_INDICATOR_ADVICE } from './decision-controls.ts';
import { clip, code, escapeText, mention, plural, quote, slackDate } from '../mrkdwn.ts';
import { AUDIT_ONLY_ADVICE, categoriesHeading, evidenceHeadline, NO_EVIDENCE_ADVICE, tallyText } from './evidence-text.ts';
import { isAuditOnly } from '../../../domain/evidence/evidence-summary.ts';
import { decisionLine } from './decision-line.ts';
import { indicatorReach } from './indicator-reach.ts';

export interface SlackMessage {
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } });

/**
 * The approval message in the approvers' channel, rendered from the request's current state:
 * with decision controls while it waits, with the decision instead once decided. The target is
 * shown as the parsed host in a code span, never as a link.
 */
export function renderApprovalMessage(view: RequestView, choices: DurationChoices): SlackMessage {
  const { request, evidence, reporters } = view;
  const host = request.target.value;
  const others = reporters.filter((r) => r.userId !== request.requesterId);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(clip(`Unblock request #${request.number}: ${host}`, 150)) },
    section(
      `${mention(request.requesterId)} cannot reach ${code(host)}.\n` +
        (request.reason ? quote(request.reason) : '_No description given._'),
    ),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: clip(coverText(view), 2000) },
        ...(request.reportedTarget !== host ? [{ type: 'mrkdwn' as const, text: clip(`*Reported address*\n${code(request.reportedTarget)}`, 2000) }] : []),
        { type: 'mrkdwn', text: `*${categoriesHeading(evidence)}*\n${tallyText(evidence?.summary.categories ?? [])}` },
        { type: 'mrkdwn', text: `*Top processes*\n${tallyText(evidence?.summary.processes ?? [], true)}` },
      ],
    },
    section(`*Evidence:* ${evidenceHeadline(evidence)}${evidenceAdvice(evidence)}`),
    ...warnings(view).map(section),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            `Request #${request.number} · reported ${slackDate(request.createdAt)} · ${reachText(view)}` +
            (others.length > 0 ? ` · also reported by ${alsoReportedBy(others)}` : '') +
            ' · details in the thread',
        },
      ],
    },
    ...(view.decision === null
      ? [...pendingSections(view).map(section), decisionControls(view, choices)]
      : [section(decisionLine(view)), ...allowControls(view)]),
  ];
  return { text: `Unblock request #${request.number}: ${host} (${plural(reporters.length, 'reporter')})`, blocks };
}

/** What else to check when the evidence does not show a block: nothing found, or audits only. */
function evidenceAdvice(evidence: RequestView['evidence']): string {
  if (evidence?.outcome === 'none') return `\n${NO_EVIDENCE_ADVICE}`;
  return evidence?.outcome === 'found' && isAuditOnly(evidence.summary) ? `\n${AUDIT_ONLY_ADVICE}` : '';
}

/** What the allow covers: the host and its subdomains, the one IP, or, once the approvers chose it, one URL. */
function coverText(view: RequestView): string {
  const target = decidedTarget(view.request, view.decision);
  if (target.type === 'Url') return `*Allow covers*\n${indicatorReach(target)} (Url indicator). ${URL_INDICATOR_ADVICE}`;
  return `*Allow would cover*\n${indicatorReach(target)} (${target.type})`;
}

function warnings(view: RequestView): string[] {
  const { request, evidence } = view;
  const found: string[] = [];
  const threats = evidence?.summary.threatCategories ?? [];
  if (threats.length > 0) {
    // Said while the request waits, so nobody takes one approval for the decision.
    const quorum =
      view.decision === null && requiredApprovals(evidence?.summary) > 1
        ? 'Because of that, this target needs *two different approvers*: one approval alone allows nothing. '
        : '';
    found.push(
      `:rotating_light: *Defender's threat intelligence flagged this target* (${threats.map(escapeText).join(', ')}). ${quorum}` +
        'An allow overrides that verdict on every managed device. If you believe it is a false positive, ' +
        'submit it to Microsoft in the Defender portal (Actions & submissions → Submissions → URLs) instead of allowing it.',
    );
  }
  if (request.coversSubdomains) {
    found.push(
      `:warning: ${code(request.target.value)} is a registrable domain: a domain indicator also allows *every subdomain* of it. ` +
        'Prefer asking for the exact host of the portal.',
    );
  }
  if (request.target.value.split('.').some((label) => label.startsWith('xn--'))) {
    found.push(':warning: This is an internationalized name, shown in its punycode form. Check it is the portal you expect and not a look-alike.');
  }
  return found;
}

/** While an allow is approved or active, the approval message offers Revoke. */
function allowControls(view: RequestView): types.ActionsBlock[] {
  if (view.request.status !== 'approved' && view.request.status !== 'active') return [];
  return [
    {
      type: 'actions',
      block_id: ALLOW_BLOCK_ID,
      elements: [
        confirmedButton({
          actionId: ACTIONS.revoke,
          text: 'Revoke',
          style: 'danger',
          requestId: view.request.id,
          title: 'Revoke this allow now?',
          body: `The Defender allow indicator for ${code(decidedTarget(view.request, view.decision).value)} is deleted now.`,
          confirm: 'Revoke',
        }),
      ],
    },
  ];
}

const NAMED_REPORTERS = 10;

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
