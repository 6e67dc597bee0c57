import { describe, expect, test } from 'vitest';
import type { BlockEvent } from './block-event.ts';
import { emptySummary, isAuditOnly, SAMPLE_ROWS, summarizeEvidence, widenDeviceGroups } from './evidence-summary.ts';

const base = Date.parse('2026-11-20T08:00:00.000Z');

/** A Network Protection block on LAPTOP-1 by msedge.exe, `minutes` after the base time. */
function event(minutes: number, fields: Partial<BlockEvent> = {}): BlockEvent {
  return {
    timestamp: new Date(base + minutes * 60_000),
    deviceId: 'dev-1',
    deviceName: 'LAPTOP-1',
    kind: 'network_protection_block',
    remoteUrl: 'https://logistics.contoso.com/',
    remoteIp: '203.0.113.10',
    remotePort: 443,
    processName: 'msedge.exe',
    accountName: 'alice',
    category: 'CustomBlockList',
    deviceGroup: null,
    ...fields,
  };
}

const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

describe('summarizeEvidence', () => {
  test('summarises no events as empty', () => {
    expect(summarizeEvidence([], 500)).toEqual({
      totalEvents: 0,
      truncated: false,
      blocked: 0,
      audited: 0,
      smartScreenWarnings: 0,
      deviceCount: 0,
      devices: [],
      firstSeen: null,
      lastSeen: null,
      processes: [],
      categories: [],
      auditedCategories: [],
      threatCategories: [],
      samples: [],
      blockedDeviceGroups: { groups: [], ungrouped: 0 },
    });
    expect(emptySummary()).toEqual(summarizeEvidence([], 500));
  });

  test('counts events per kind', () => {
    const summary = summarizeEvidence(
      [
        event(1),
        event(2),
        event(3, { kind: 'network_protection_audit' }),
        event(4, { kind: 'smartscreen_warning' }),
        event(5, { kind: 'smartscreen_warning' }),
        event(6, { kind: 'smartscreen_warning' }),
      ],
      500,
    );
    expect(summary).toMatchObject({ totalEvents: 6, blocked: 2, audited: 1, smartScreenWarnings: 3 });
  });

  test('never counts an audit as a block, whichever feature audited it', () => {
    const summary = summarizeEvidence([event(1), event(2, { kind: 'network_protection_audit' }), event(3, { kind: 'smartscreen_audit' })], 500);
    expect(summary).toMatchObject({ totalEvents: 3, blocked: 1, audited: 2, smartScreenWarnings: 0 });
  });

  test.each<[string, BlockEvent['kind'][], boolean]>([
    ['no events', [], false],
    ['one Network Protection audit', ['network_protection_audit'], true],
    ['audits of both features', ['network_protection_audit', 'smartscreen_audit'], true],
    ['audits and one block', ['network_protection_audit', 'network_protection_block'], false],
    ['audits and a SmartScreen warning', ['network_protection_audit', 'smartscreen_warning'], false],
    ['blocks only', ['network_protection_block'], false],
  ])('isAuditOnly with %s: %s', (_case, kinds, auditOnly) => {
    expect(isAuditOnly(summarizeEvidence(kinds.map((kind, i) => event(i, { kind })), 500))).toBe(auditOnly);
  });

  // Audit mode changes what Defender enforced, not its verdict: the two-approver rule must still see it.
  test('keeps threat categories seen only in audit-mode events', () => {
    const summary = summarizeEvidence([event(1, { kind: 'network_protection_audit', category: 'Phishing' })], 500);
    expect(summary.threatCategories).toEqual(['Phishing']);
  });

  test('counts devices by id, so a renamed device counts once', () => {
    const summary = summarizeEvidence(
      [
        event(1, { deviceId: 'dev-1', deviceName: 'LAPTOP-1' }),
        event(2, { deviceId: 'dev-1', deviceName: 'LAPTOP-1-RENAMED' }),
        event(3, { deviceId: 'dev-2', deviceName: 'LAPTOP-2' }),
      ],
      500,
    );
    expect(summary.deviceCount).toBe(2);
  });

  test('lists top devices and processes by count, then by name', () => {
    const summary = summarizeEvidence(
      [
        event(1, { deviceId: 'c', deviceName: 'CHARLIE', processName: 'chrome.exe' }),
        event(2, { deviceId: 'b', deviceName: 'BRAVO', processName: 'teams.exe' }),
        event(3, { deviceId: 'a', deviceName: 'ALPHA', processName: 'chrome.exe' }),
        event(4, { deviceId: 'c', deviceName: 'CHARLIE', processName: 'msedge.exe' }),
        event(5, { deviceId: 'b', deviceName: 'BRAVO', processName: null }),
      ],
      500,
    );
    expect(summary.devices).toEqual([
      { name: 'BRAVO', count: 2 },
      { name: 'CHARLIE', count: 2 },
      { name: 'ALPHA', count: 1 },
    ]);
    expect(summary.processes).toEqual([
      { name: 'chrome.exe', count: 2 },
      { name: 'msedge.exe', count: 1 },
      { name: 'teams.exe', count: 1 },
    ]);
  });

  test('tallies categories and picks out the threat verdicts, whatever their case', () => {
    const summary = summarizeEvidence(
      [
        event(1, { category: 'CustomBlockList' }),
        event(2, { category: 'CustomBlockList' }),
        event(3, { category: 'malicious' }),
        event(4, { category: 'Phishing' }),
        event(5, { category: null }),
      ],
      500,
    );
    expect(summary.categories).toEqual([
      { name: 'CustomBlockList', count: 2 },
      { name: 'malicious', count: 1 },
      { name: 'Phishing', count: 1 },
    ]);
    expect(summary.threatCategories).toEqual(['malicious', 'Phishing']);
  });

  test('reports no threat for policy blocks alone', () => {
    const summary = summarizeEvidence([event(1, { category: 'CustomBlockList' }), event(2, { category: 'CustomPolicy' })], 500);
    expect(summary.threatCategories).toEqual([]);
  });

  test.each([
    ['oldest first', [0, 5, 30]],
    ['newest first', [30, 5, 0]],
    ['shuffled', [5, 30, 0]],
  ])('finds first and last seen with rows %s', (_case, minutes) => {
    const summary = summarizeEvidence(minutes.map((m) => event(m)), 500);
    expect(summary.firstSeen).toBe(at(0));
    expect(summary.lastSeen).toBe(at(30));
  });

  test(`keeps the ${SAMPLE_ROWS} newest events as samples, newest first`, () => {
    const minutes = [7, 3, 11, 0, 9, 1, 5, 10, 2, 8, 4, 6];
    const summary = summarizeEvidence(minutes.map((m) => event(m, { deviceName: `PC-${m}` })), 500);
    expect(summary.samples.map((s) => s.at)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map(at));
    expect(summary.samples[0]).toEqual({
      at: at(11),
      device: 'PC-11',
      kind: 'network_protection_block',
      process: 'msedge.exe',
      account: 'alice',
      url: 'https://logistics.contoso.com/',
      ip: '203.0.113.10',
      port: 443,
      category: 'CustomBlockList',
    });
  });

  test.each([
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
  ])('with %i events and a row cap of %i, truncated is %s', (count, rowCap, truncated) => {
    const events = Array.from({ length: count }, (_, i) => event(i));
    expect(summarizeEvidence(events, rowCap).truncated).toBe(truncated);
  });
});

describe('blockedDeviceGroups', () => {
  test('counts each blocked device once, in the group of its newest event; audits are not blocked devices', () => {
    const summary = summarizeEvidence(
      [
        event(0, { deviceId: 'd1', deviceGroup: 'Sales' }),
        event(5, { deviceId: 'd1', deviceGroup: 'Finance-Laptops' }),
        event(1, { deviceId: 'd2', deviceGroup: 'Finance-Laptops' }),
        event(2, { deviceId: 'd3', deviceGroup: null }),
        event(3, { deviceId: 'd4', deviceGroup: 'HR', kind: 'network_protection_audit' }),
        event(4, { deviceId: 'd5', deviceGroup: 'Sales', kind: 'smartscreen_warning' }),
      ],
      500,
    );
    expect(summary.blockedDeviceGroups).toEqual({
      groups: [
        { name: 'Finance-Laptops', count: 2 },
        { name: 'Sales', count: 1 },
      ],
      ungrouped: 1,
    });
  });

  test('no events: no groups and nobody ungrouped', () => {
    expect(emptySummary().blockedDeviceGroups).toEqual({ groups: [], ungrouped: 0 });
  });
});

describe('widenDeviceGroups: a later report only ever widens', () => {
  const groups = (names: Array<[string, number]>, ungrouped = 0) => ({ groups: names.map(([name, count]) => ({ name, count })), ungrouped });
  test.each([
    ['nothing new', groups([['Sales', 2]]), groups([['Sales', 1]]), null],
    ['a group the later hunt no longer sees stays', groups([['Sales', 2]]), groups([]), null],
    ['a new group', groups([['Sales', 2]]), groups([['HR', 1], ['Sales', 3]]), { merged: groups([['Sales', 3], ['HR', 1]]), added: ['HR'], newlyUngrouped: false }],
    ['a first device in no group', groups([['Sales', 2]]), groups([['Sales', 2]], 1), { merged: groups([['Sales', 2]], 1), added: [], newlyUngrouped: true }],
    ['more ungrouped devices than before is nothing new', groups([], 1), groups([], 3), null],
  ])('%s', (_case, stored, later, widening) => {
    expect(widenDeviceGroups(stored, later)).toEqual(widening);
  });
});
