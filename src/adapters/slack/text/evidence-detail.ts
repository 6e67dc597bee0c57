import type { RequestView } from '../../../app/ports/request-view.ts';
import { clip, code, escapeText, plural, slackDate } from '../mrkdwn.ts';
import { isAuditOnly } from '../../../domain/evidence/evidence-summary.ts';
import { AUDIT_ONLY_ADVICE, evidenceHeadline, KIND_LABELS, lookbackText, NO_EVIDENCE_ADVICE, tallyText } from './evidence-text.ts';

/** The first thread reply under the approval message: devices, processes and the newest events. */
export function renderEvidenceDetail(view: RequestView): string {
  const { evidence } = view;
  if (evidence === null || evidence.outcome === 'unavailable') {
    return `*Evidence detail*\n${evidenceHeadline(evidence)}\nAsk the requester which device and browser they used, and when.`;
  }
  if (evidence.outcome === 'none') {
    return `*Evidence detail*\nAdvanced hunting found no Network Protection or SmartScreen events for ${code(view.request.target.value)} in ${lookbackText(evidence)}.\n${NO_EVIDENCE_ADVICE}`;
  }
  const s = evidence.summary;
  const samples = s.samples.map((e) =>
    [
      `• ${slackDate(new Date(e.at))}`,
      code(e.device),
      KIND_LABELS[e.kind],
      e.process ? code(e.process) : null,
      e.account ? `user ${code(e.account)}` : null,
      e.category ? `category ${escapeText(e.category)}` : null,
      e.url ? code(e.url) : e.ip ? code(`${e.ip}${e.port ? `:${e.port}` : ''}`) : null,
    ]
      .filter(Boolean)
      .join(' · '),
  );
  return clip(
    [
      `*Evidence detail* (${plural(s.totalEvents, 'event')}${s.truncated ? ', the newest only' : ''} in ${lookbackText(evidence)})`,
      ...(isAuditOnly(s) ? [`${evidenceHeadline(evidence)}\n${AUDIT_ONLY_ADVICE}`] : []),
      `*Devices* (${s.deviceCount}): ${tallyText(s.devices, true)}`,
      `*Processes*: ${tallyText(s.processes, true)}`,
      `*Categories*${isAuditOnly(s) ? ' (audit mode, not enforced)' : ''}: ${tallyText(s.categories)}`,
      `*Newest events*\n${samples.join('\n')}`,
    ].join('\n'),
    3900,
  );
}
