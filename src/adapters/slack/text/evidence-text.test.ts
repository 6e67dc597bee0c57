import { describe, expect, test } from 'vitest';
import type { EvidenceRecord } from '../../../app/ports/request-view.ts';
import { approvalRule } from '../../../domain/request/approval-rule.ts';
import { aView, allText, blockEvent, policy, evidence } from '../../../../test/builders/request-view-fixtures.ts';
import { renderApprovalMessage } from '../blocks/approval-message.ts';
import { renderEvidenceDetail } from './evidence-detail.ts';
import { NOT_BLOCKED_CHECKLIST } from './block-cause-text.ts';
import { evidenceHeadline } from './evidence-text.ts';
import { reportOutcomeText } from './report-replies.ts';

const audit = (device: string, category = 'CustomBlockList') =>
  blockEvent({ kind: 'network_protection_audit', deviceId: device, deviceName: `${device}.corp.contoso.com`, category });
const auditOnly = evidence('found', [audit('pc01'), audit('pc01'), audit('pc02')]);

/** Truncated: hunting returned as many rows as it may, so older rows are unknown. */
const truncatedAudits: EvidenceRecord = { ...auditOnly, summary: { ...auditOnly.summary, truncated: true } };

// Audit mode records what Defender would block without blocking it (defender-api.md §8): those
// events must never be shown as blocks.
describe('evidenceHeadline', () => {
  test.each<[string, EvidenceRecord, string[], string[]]>([
    ['blocks only', evidence('found', [blockEvent(), blockEvent()]), ['Defender blocked it *2 times* on *1 device* in the last 7 days'], ['audit']],
    [
      'blocks beside audits',
      evidence('found', [blockEvent(), audit('pc02'), blockEvent({ kind: 'smartscreen_audit', deviceId: 'pc03' })]),
      ['Defender blocked it *1 time* (plus 2 audit-mode events) on *3 devices*'],
      [],
    ],
    [
      'audits only',
      auditOnly,
      ['Defender did *not* block it in the last 7 days', 'only *audited* it (audit mode', '*3 audit-mode events* on *2 devices*', 'first <!date^'],
      ['blocked it *', 'times*'],
    ],
    [
      'Edge SmartScreen warnings only: never "blocked it 0 times"',
      evidence('found', [blockEvent({ kind: 'smartscreen_warning' }), blockEvent({ kind: 'smartscreen_warning', deviceId: 'pc02' })]),
      ['Edge SmartScreen warned about it *2 times*; Network Protection blocked nothing on *2 devices* in the last 7 days'],
      ['blocked it *'],
    ],
    ['a SmartScreen audit only', evidence('found', [blockEvent({ kind: 'smartscreen_audit' })]), ['Defender did *not* block it', '*1 audit-mode event*'], ['blocked it *']],
    [
      'audits only, but hunting hit its row cap',
      truncatedAudits,
      ['Defender did *not* block it in the newest 3 events of the last 7 days (there are more)', '*at least 3 audit-mode events*'],
      ['blocked it *'],
    ],
  ])('%s', (_, record, expected, absent) => {
    const headline = evidenceHeadline(record);
    for (const part of expected) expect(headline).toContain(part);
    for (const part of absent) expect(headline).not.toContain(part);
  });
});

describe('audit-only evidence in what people read', () => {
  test('the approval message says Defender did not block it, and what to check instead', () => {
    const text = allText(renderApprovalMessage(aView({ evidence: auditOnly }), policy));
    expect(text).toContain('*Evidence:* :information_source: Defender did *not* block it in the last 7 days');
    expect(text).toContain(NOT_BLOCKED_CHECKLIST);
    expect(text).toContain("*Why Defender would have blocked it (audit mode)*\nYour organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×3)");
    expect(text).not.toContain('Defender blocked it');
    expect(text).not.toContain('*Why Defender blocked it*');
  });

  test('a message with blocks keeps its ordinary headline, heading and no audit advice', () => {
    const text = allText(renderApprovalMessage(aView({ evidence: evidence('found', [blockEvent(), audit('pc02')]) }), policy));
    expect(text).toContain('*Why Defender blocked it*');
    expect(text).not.toContain(NOT_BLOCKED_CHECKLIST);
  });

  test('the evidence thread says so above the devices, and labels each event as audited', () => {
    const detail = renderEvidenceDetail(aView({ evidence: auditOnly }), policy);
    expect(detail).toContain('Defender did *not* block it');
    expect(detail).toContain(NOT_BLOCKED_CHECKLIST);
    expect(detail).toContain("*Why* (audit mode, not enforced): Your organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×3)");
    expect(detail).toContain('Audited (Network Protection, audit mode)');
    expect(detail).not.toContain('Blocked (Network Protection)');
  });

  test("the requester's first reply says it too, and that the cause is probably elsewhere", () => {
    const text = reportOutcomeText({ kind: 'opened', view: aView({ evidence: auditOnly }) }, policy);
    expect(text).toContain('Defender did *not* block it');
    expect(text).toContain('probably something else');
    expect(reportOutcomeText({ kind: 'opened', view: aView() }, policy)).not.toContain('probably something else');
  });

  // Audit mode changes what Defender enforced, not its verdict: never weaken the two-approver rule.
  test('a threat category seen only in audit mode still needs two approvers, and says so', () => {
    const flagged = evidence('found', [audit('pc01', 'Phishing')]);
    expect(approvalRule(flagged, policy).requiredApprovals).toBe(2);
    const text = allText(renderApprovalMessage(aView({ evidence: flagged }), policy));
    expect(text).toContain("Defender's threat intelligence flagged this target.*");
    expect(text).toContain("Microsoft's threat intelligence (`Phishing` ×1)");
    expect(text).toContain('*two different approvers*');
    expect(text).toContain('Defender did *not* block it');
  });
});
