import type { EvidenceRecord } from '../../../app/ports/request-view.ts';
import type { BlockKind } from '../../../domain/evidence/block-event.ts';
import { isAuditOnly, type Tally } from '../../../domain/evidence/evidence-summary.ts';
import { code, errorText, escapeText, plural, slackDate } from '../mrkdwn.ts';
import { isoDurationLabel } from './duration-label.ts';

/** How each kind of Defender event is named in the evidence detail. */
export const KIND_LABELS: Record<BlockKind, string> = {
  network_protection_block: 'Blocked (Network Protection)',
  network_protection_audit: 'Audited (Network Protection, audit mode)',
  smartscreen_warning: 'SmartScreen warning (Edge)',
  smartscreen_audit: 'Audited (Edge SmartScreen, audit mode)',
};

/** "the last 7 days", from the lookback stored with the evidence. */
export function lookbackText(evidence: EvidenceRecord): string {
  const label = isoDurationLabel(evidence.lookback);
  return label ? `the last ${label}` : `the lookback ${escapeText(evidence.lookback)}`;
}

/** One sentence on what hunting found, for the approval message and the reporter's reply. */
export function evidenceHeadline(evidence: EvidenceRecord | null): string {
  if (evidence === null) return 'Defender evidence is still being gathered.';
  if (evidence.outcome === 'unavailable') {
    return `:grey_question: Advanced hunting was unavailable (${errorText(evidence.error ?? 'unknown error')}), so there is no Defender evidence.`;
  }
  const s = evidence.summary;
  if (evidence.outcome === 'none') return `No Defender block events for it in ${lookbackText(evidence)}.`;
  const atLeast = s.truncated ? 'at least ' : '';
  const seen = s.firstSeen && s.lastSeen ? `, first ${slackDate(new Date(s.firstSeen))}, last ${slackDate(new Date(s.lastSeen))}.` : '.';
  if (isAuditOnly(s)) {
    // Audit-mode rows (IsAudit true, or an …Audited ActionType) blocked nobody: never call them blocks.
    // Hunting returns the newest rows only; when it hit its cap, older rows are unknown.
    const when = s.truncated ? `in the newest ${plural(s.totalEvents, 'event')} of ${lookbackText(evidence)} (there are more)` : `in ${lookbackText(evidence)}`;
    return (
      `:information_source: Defender did *not* block it ${when}: it only *audited* it (audit mode, the connection went through), ` +
      `*${atLeast}${plural(s.audited, 'audit-mode event')}* on *${plural(s.deviceCount, 'device')}*${seen}`
    );
  }
  if (s.blocked === 0 && s.smartScreenWarnings > 0) {
    // Only Edge SmartScreen warned (the user could click through); Network Protection blocked nothing.
    const audits = s.audited > 0 ? ` (plus ${plural(s.audited, 'audit-mode event')})` : '';
    return (
      `Edge SmartScreen warned about it *${atLeast}${plural(s.smartScreenWarnings, 'time')}*${audits}; Network Protection blocked nothing` +
      ` on *${plural(s.deviceCount, 'device')}* in ${lookbackText(evidence)}${seen}`
    );
  }
  const extras = [
    s.audited > 0 ? `${plural(s.audited, 'audit-mode event')}` : '',
    s.smartScreenWarnings > 0 ? `${plural(s.smartScreenWarnings, 'Edge SmartScreen warning')}` : '',
  ].filter(Boolean);
  return (
    `Defender blocked it *${atLeast}${plural(s.blocked, 'time')}*${extras.length ? ` (plus ${extras.join(' and ')})` : ''}` +
    ` on *${plural(s.deviceCount, 'device')}* in ${lookbackText(evidence)}${seen}`
  );
}

/** "CustomBlockList ×12, Malicious ×2" with every name escaped. */
export function tallyText(items: readonly Tally[], asCode = false): string {
  if (items.length === 0) return '—';
  return items.map((t) => `${asCode ? code(t.name) : escapeText(t.name)} ×${t.count}`).join(', ');
}
