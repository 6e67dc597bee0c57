import type { RequestView } from '../../../app/ports/request-view.ts';
import { clip, code, plural, slackDate } from '../mrkdwn.ts';
import { isAuditOnly } from '../../../domain/evidence/evidence-summary.ts';
import { diagnoseBlock } from '../../../domain/evidence/block-diagnosis.ts';
import { approvalRule, threatMaxMs, type DecisionPolicy } from '../../../domain/request/approval-rule.ts';
import { causeLines, NOT_BLOCKED_CHECKLIST, remedyText } from './block-cause-text.ts';
import { existingIndicatorsText } from './existing-indicators.ts';
import { evidenceHeadline, KIND_LABELS, lookbackText, tallyText } from './evidence-text.ts';

/**
 * The first thread reply under the approval message: the cause of each category and the recommended
 * fix (under the request's ApprovalRule in `policy`), the indicators Defender already holds around the
 * target, devices, processes and the newest events.
 */
export function renderEvidenceDetail(view: RequestView, policy: DecisionPolicy): string {
  const { evidence } = view;
  const existing = existingIndicatorsText(view.request.target, evidence);
  const existingLine = existing === null ? '' : `\n${existing}`;
  if (evidence === null || evidence.outcome === 'unavailable') {
    return clip(`*Evidence detail*\n${evidenceHeadline(evidence)}\nAsk the requester which device and browser they used, and when.${existingLine}`, 3900);
  }
  if (evidence.outcome === 'none') {
    return clip(
      `*Evidence detail*\nAdvanced hunting found no Network Protection or SmartScreen events for ${code(view.request.target.value)} in ${lookbackText(evidence)}.\n${NOT_BLOCKED_CHECKLIST}${existingLine}`,
      3900,
    );
  }
  const s = evidence.summary;
  const diagnosis = diagnoseBlock(evidence);
  const remedy = remedyText(diagnosis, approvalRule(evidence, policy), { pending: view.decision === null, threatMaxMs: threatMaxMs(policy) });
  const samples = s.samples.map((e) =>
    [
      `• ${slackDate(new Date(e.at))}`,
      code(e.device),
      KIND_LABELS[e.kind],
      e.process ? code(e.process) : null,
      e.account ? `user ${code(e.account)}` : null,
      e.category ? `category ${code(e.category)}` : null,
      e.url ? code(e.url) : e.ip ? code(`${e.ip}${e.port ? `:${e.port}` : ''}`) : null,
    ]
      .filter(Boolean)
      .join(' · '),
  );
  return clip(
    [
      `*Evidence detail* (${plural(s.totalEvents, 'event')}${s.truncated ? ', the newest only' : ''} in ${lookbackText(evidence)})`,
      ...(isAuditOnly(s) ? [evidenceHeadline(evidence)] : []),
      `*Devices* (${s.deviceCount}): ${tallyText(s.devices, true)}`,
      `*Processes*: ${tallyText(s.processes, true)}`,
      `*Why*${isAuditOnly(s) ? ' (audit mode, not enforced)' : ''}: ${diagnosis.kind === 'unavailable' ? '—' : causeLines(diagnosis.causes, { markAudits: !isAuditOnly(s) }).join('; ') || '—'}`,
      ...(remedy === null ? [] : [remedy]),
      ...(existing === null ? [] : [existing]),
      `*Newest events*\n${samples.join('\n')}`,
    ].join('\n'),
    3900,
  );
}
