import { describe, expect, test } from 'vitest';
import type { EvidenceRecord } from '../../../app/ports/request-view.ts';
import { aView, blockEvent, evidence, withoutOwnMarkup, policy } from '../../../../test/builders/request-view-fixtures.ts';
import { renderEvidenceDetail } from './evidence-detail.ts';

describe('renderEvidenceDetail', () => {
  test('stays within 3900 characters with ten samples of very long device names', () => {
    const events = Array.from({ length: 10 }, (_, i) =>
      blockEvent({
        timestamp: new Date(Date.parse('2026-11-19T15:30:00Z') + i * 60_000),
        deviceId: `d${i}`,
        deviceName: `${'very-long-device-name-'.repeat(40)}${i}`,
        processName: `${'process'.repeat(30)}.exe`,
        accountName: 'a'.repeat(200),
        remoteUrl: `https://logistics.contoso.com/${'path/'.repeat(200)}`,
      }),
    );
    const detail = renderEvidenceDetail(aView({ evidence: evidence('found', events) }), policy);
    expect(detail.length).toBeLessThanOrEqual(3900);
    expect(detail).toMatch(/^\*Evidence detail\* \(10 events in the last 7 days\)/);
  });

  test('lists devices, processes, categories and the newest events', () => {
    const detail = renderEvidenceDetail(aView(), policy);
    expect(detail).toContain('*Devices* (1): `pc01.corp.contoso.com` ×1');
    expect(detail).toContain('*Processes*: `chrome.exe` ×1');
    expect(detail).toContain("*Why*: Your organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×1)");
    expect(detail).toContain(':no_entry: *Recommended fix:* someone in your organisation blocked this on purpose');
    expect(detail).toContain('Blocked (Network Protection)');
    expect(detail).toContain('user `alice`');
  });

  test.each<[string, EvidenceRecord | null, string]>([
    ['none found', evidence('none'), 'found no Network Protection or SmartScreen events for `logistics.contoso.com`'],
    ['unavailable', evidence('unavailable', [], 'timed out'), 'Ask the requester which device and browser they used'],
    ['not gathered', null, 'still being gathered'],
  ])('%s', (_, record, expected) => {
    expect(renderEvidenceDetail(aView({ evidence: record }), policy)).toContain(expected);
  });

  test('escapes hostile device, process and category names', () => {
    const hostile = '<!channel> <https://evil.example|click> <@U123>';
    const detail = renderEvidenceDetail(aView({ evidence: evidence('found', [blockEvent({ deviceName: hostile, processName: hostile, accountName: hostile, category: hostile, remoteUrl: hostile })]) }), policy);
    expect(withoutOwnMarkup(detail)).not.toContain('<');
  });

  describe('the indicators Defender already holds, whatever hunting found', () => {
    const orgBlock = { id: '7', type: 'DomainName', value: 'contoso.com', action: 'Warn', title: 'Warn Contoso', expiresAt: null, createdBy: 'secops@contoso.com' };
    const existing = { outcome: 'checked', indicators: [orgBlock] } as const;
    const line = ':no_entry: *Approving overrides* Warn `Warn Contoso` on `contoso.com` (on a parent domain): created by `secops@contoso.com`, never expires, all devices.';
    test.each<[string, EvidenceRecord]>([
      ['events found', evidence('found', [blockEvent()], null, existing)],
      ['no events', evidence('none', [], null, existing)],
      ['hunting unavailable', evidence('unavailable', [], 'Advanced hunting is busy', existing)],
    ])('%s', (_case, record) => {
      expect(renderEvidenceDetail(aView({ evidence: record }), policy)).toContain(line);
    });
    test('a failed look-up is said with its reason', () => {
      const record = evidence('none', [], null, { outcome: 'unavailable', error: 'Defender is unavailable (HTTP 503)' });
      expect(renderEvidenceDetail(aView({ evidence: record }), policy)).toContain(
        ':warning: *Existing indicators:* could not check existing indicators: Defender is unavailable (HTTP 503)',
      );
    });
  });
});
