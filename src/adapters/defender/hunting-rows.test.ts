import { describe, expect, test } from 'vitest';
import type { BlockEvent, BlockKind } from '../../domain/evidence/block-event.ts';
import { huntingRow } from '../../../test/builders/hunting-rows.ts';
import { HuntingResponse, isAuditFlag, toBlockEvents } from './hunting-rows.ts';

/** A DeviceEvents row as Graph's runHuntingQuery returns it (huntingRow: PC01, a Network Protection block), with `overrides`. */
function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...huntingRow({ at: '2026-11-20T09:15:00.1234567Z', device: 'PC01' }), ...overrides };
}

/** The single event one row becomes. */
function onlyEvent(raw: unknown): BlockEvent {
  const { events, skipped } = toBlockEvents([raw]);
  expect(skipped).toBe(0);
  expect(events).toHaveLength(1);
  return events[0]!;
}

describe('toBlockEvents', () => {
  test('maps a Network Protection block row to a block event', () => {
    expect(onlyEvent(row())).toEqual({
      timestamp: new Date('2026-11-20T09:15:00.123Z'),
      deviceId: 'device-id-pc01',
      deviceName: 'pc01.corp.contoso.com',
      kind: 'network_protection_block',
      remoteUrl: 'https://logistics.contoso.com/portal/login',
      remoteIp: '10.20.30.40',
      remotePort: 443,
      processName: 'chrome.exe',
      accountName: 'alice',
      category: 'CustomBlockList',
      deviceGroup: null,
    });
  });

  // defender-api.md "Device groups": "Devices without a group show `UnassignedGroup` or empty".
  test.each<[string, unknown, string | null]>([
    ['a group name', 'Finance-Laptops', 'Finance-Laptops'],
    ['a name with spaces around it', '  Sales ', 'Sales'],
    ['UnassignedGroup', 'UnassignedGroup', null],
    ['unassignedgroup in another case', 'unassignedgroup', null],
    ['empty (no DeviceInfo row: leftouter join)', '', null],
    ['null', null, null],
    ['absent (a query without the join)', undefined, null],
  ])('MachineGroup %s gives deviceGroup %s', (_case, machineGroup, group) => {
    expect(onlyEvent(row({ MachineGroup: machineGroup })).deviceGroup).toBe(group);
  });

  test.each<[string, BlockKind]>([
    ['ExploitGuardNetworkProtectionBlocked', 'network_protection_block'],
    ['ExploitGuardNetworkProtectionAudited', 'network_protection_audit'],
    ['SmartScreenUrlWarning', 'smartscreen_warning'],
  ])('ActionType %s is a %s', (actionType, kind) => {
    expect(onlyEvent(row({ ActionType: actionType })).kind).toBe(kind);
  });

  // Audit mode blocks nobody, whatever the ActionType says; IsAudit arrives as the boolean true or the
  // string "true" (defender-api.md §8), in AdditionalFields as JSON text or already parsed.
  test.each<[string, unknown, BlockKind]>([
    ['ExploitGuardNetworkProtectionBlocked', { IsAudit: 'false' }, 'network_protection_block'],
    ['ExploitGuardNetworkProtectionBlocked', { IsAudit: false }, 'network_protection_block'],
    ['ExploitGuardNetworkProtectionBlocked', {}, 'network_protection_block'],
    ['ExploitGuardNetworkProtectionBlocked', { IsAudit: 'true' }, 'network_protection_audit'],
    ['ExploitGuardNetworkProtectionBlocked', { IsAudit: true }, 'network_protection_audit'],
    ['ExploitGuardNetworkProtectionBlocked', { IsAudit: 'True' }, 'network_protection_audit'],
    ['ExploitGuardNetworkProtectionBlocked', { IsAudit: 'TRUE' }, 'network_protection_audit'],
    ['ExploitGuardNetworkProtectionAudited', { IsAudit: 'true' }, 'network_protection_audit'],
    ['ExploitGuardNetworkProtectionAudited', { IsAudit: 'false' }, 'network_protection_audit'],
    ['ExploitGuardNetworkProtectionAudited', {}, 'network_protection_audit'],
    ['SmartScreenUrlWarning', {}, 'smartscreen_warning'],
    ['SmartScreenUrlWarning', { IsAudit: true }, 'smartscreen_audit'],
  ])('%s with AdditionalFields %j is a %s', (actionType, fields, kind) => {
    expect(onlyEvent(row({ ActionType: actionType, AdditionalFields: JSON.stringify(fields) })).kind).toBe(kind);
    expect(onlyEvent(row({ ActionType: actionType, AdditionalFields: fields })).kind).toBe(kind);
  });

  test.each<[unknown, boolean]>([
    [true, true],
    ['true', true],
    ['True', true],
    [' true ', true],
    [false, false],
    ['false', false],
    ['', false],
    [1, false],
    ['yes', false],
    [null, false],
    [undefined, false],
  ])('IsAudit %j means audit mode: %s', (value, audit) => {
    expect(isAuditFlag(value)).toBe(audit);
  });

  test.each<[string, unknown, string | null]>([
    ['ResponseCategory in JSON text', JSON.stringify({ ResponseCategory: 'Malicious' }), 'Malicious'],
    ['Experience on a SmartScreen row', JSON.stringify({ Experience: 'Phishing' }), 'Phishing'],
    ['AdditionalFields already parsed', { ResponseCategory: 'CmdCtrl', IsAudit: false }, 'CmdCtrl'],
    ['malformed JSON', '{"ResponseCategory": "Malicious"', null],
    ['a JSON array', '["Malicious"]', null],
    ['a JSON string', '"Malicious"', null],
    ['no AdditionalFields', null, null],
    ['an empty ResponseCategory', JSON.stringify({ ResponseCategory: '' }), null],
    ['a non-text ResponseCategory', JSON.stringify({ ResponseCategory: 7 }), null],
  ])('category from %s', (_, additionalFields, category) => {
    expect(onlyEvent(row({ AdditionalFields: additionalFields })).category).toBe(category);
  });

  test('a SmartScreen row takes Experience as its category', () => {
    const event = onlyEvent(row({ ActionType: 'SmartScreenUrlWarning', AdditionalFields: JSON.stringify({ Experience: 'CustomBlockList' }) }));
    expect(event).toMatchObject({ kind: 'smartscreen_warning', category: 'CustomBlockList' });
  });

  test('a row without AdditionalFields at all still maps', () => {
    const { AdditionalFields: _, ...bare } = row();
    expect(onlyEvent(bare).category).toBeNull();
  });

  test.each<[string, unknown, number | null]>([
    ['a number', 8443, 8443],
    ['a numeric string', '443', 443],
    ['null', null, null],
    ['an empty string', '', null],
    ['text', 'https', null],
    ['a fraction', 44.5, null],
  ])('RemotePort as %s reads as %j', (_, port, expected) => {
    expect(onlyEvent(row({ RemotePort: port })).remotePort).toBe(expected);
  });

  test.each([['RemoteUrl'], ['RemoteIP'], ['InitiatingProcessFileName'], ['InitiatingProcessAccountName']])('an empty %s reads as null', (column) => {
    const event = onlyEvent(row({ [column]: '' }));
    const field = { RemoteUrl: event.remoteUrl, RemoteIP: event.remoteIp, InitiatingProcessFileName: event.processName, InitiatingProcessAccountName: event.accountName }[column];
    expect(field).toBeNull();
  });

  test('accepts a timestamp with an offset', () => {
    expect(onlyEvent(row({ Timestamp: '2026-11-20T10:15:00+01:00' })).timestamp).toEqual(new Date('2026-11-20T09:15:00Z'));
  });

  test('ignores columns it does not know', () => {
    expect(onlyEvent(row({ ReportId: 1234, Extra: { nested: true } })).deviceName).toBe('pc01.corp.contoso.com');
  });

  test.each<[string, unknown]>([
    ['another ActionType', row({ ActionType: 'AntivirusDetection' })],
    ['no ActionType', row({ ActionType: undefined })],
    ['no Timestamp', row({ Timestamp: undefined })],
    ['a null Timestamp', row({ Timestamp: null })],
    ['an invalid Timestamp', row({ Timestamp: 'yesterday' })],
    ['a Timestamp without a time zone', row({ Timestamp: '2026-11-20T09:15:00' })],
    ['a row that is not an object', 'ExploitGuardNetworkProtectionBlocked'],
    ['null', null],
  ])('skips a row with %s and counts it', (_, bad) => {
    const { events, skipped } = toBlockEvents([row({ DeviceName: 'kept-1' }), bad, row({ DeviceName: 'kept-2' })]);
    expect(events.map((e) => e.deviceName)).toEqual(['kept-1', 'kept-2']);
    expect(skipped).toBe(1);
  });

  test('no rows, no events', () => {
    expect(toBlockEvents([])).toEqual({ events: [], skipped: 0 });
  });
});

describe('HuntingResponse', () => {
  test.each<[string, unknown, unknown[]]>([
    ['lowercase results', { schema: [{ name: 'Timestamp', type: 'DateTime' }], results: [{ a: 1 }] }, [{ a: 1 }]],
    ['capitalised Results', { Schema: [], Results: [{ a: 2 }, { a: 3 }] }, [{ a: 2 }, { a: 3 }]],
    ['no results at all', { schema: [] }, []],
    ['an empty result', { results: [] }, []],
  ])('reads %s', (_, body, rows) => {
    expect(HuntingResponse.parse(body)).toEqual(rows);
  });

  test('refuses results that are not a list', () => {
    expect(HuntingResponse.safeParse({ results: 'none' }).success).toBe(false);
  });

  test('its rows feed toBlockEvents', () => {
    const rows = HuntingResponse.parse({ Results: [row(), row({ ActionType: 'Other' })] });
    expect(toBlockEvents(rows)).toMatchObject({ events: [{ kind: 'network_protection_block' }], skipped: 1 });
  });
});
