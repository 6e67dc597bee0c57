import { describe, expect, test } from 'vitest';
import { buildHuntingQuery } from '../../src/adapters/defender/hunting-query.ts';
import { parseAllowDuration } from '../../src/domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../src/domain/target/target.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { deviceGroupJoin, huntedActionTypes, sinceComparison, targetComparison, writtenAsDefenderDoes } from './fake-hunting-table.ts';

const parsed = parseAllowDuration('P7D');
if (!parsed.ok) throw new Error(parsed.error.code);
const lookback = parsed.value;

/** Whether Unblock's real query for `target` selects `row` from the fake table. */
function selects(target: IndicatorTarget, row: Record<string, unknown>): boolean {
  const query = buildHuntingQuery(target, lookback);
  const matches = targetComparison(query);
  if (matches === null) throw new Error('the fake cannot evaluate the query');
  return (huntedActionTypes(query) ?? []).includes(String(row.ActionType)) && matches(writtenAsDefenderDoes(row));
}

const at = '2026-11-25T09:00:00Z';

describe('the fake DeviceEvents table, under the real hunting query', () => {
  test.each<[string, string, string, boolean]>([
    ['the compressed form', '2620:1ec:bdf::40', '2620:1ec:bdf::40', true],
    // Defender writes the row compressed (defender-api.md §8); the query still matches by address.
    ['an uncompressed target', '2620:1ec:bdf:0:0:0:0:40', '2620:1ec:bdf::40', true],
    ['a row the test wrote uncompressed', '2620:1ec:bdf::40', '2620:1ec:bdf:0:0:0:0:40', true],
    ['an IPv4 target and an IPv4-mapped RemoteIP', '8.8.4.4', '::ffff:8.8.4.4', true],
    ['another address', '2620:1ec:bdf::40', '2620:1ec:bdf::41', false],
    ['an empty RemoteIP', '8.8.4.4', '', false],
  ])('an IP target finds its rows by address: %s', (_case, target, remoteIp, found) => {
    expect(selects({ type: 'IpAddress', value: target }, huntingRow({ at, device: 'PC', url: null, ip: remoteIp }))).toBe(found);
  });

  test('a string == on RemoteIP misses an uncompressed target, as it does in Defender', () => {
    const stringEquals = (target: string) => targetComparison(`let target = "${target}";\n| where RemoteIP == target`)!;
    const row = writtenAsDefenderDoes(huntingRow({ at, device: 'PC', ip: '2620:1ec:bdf:0:0:0:0:40' }));
    expect(row.RemoteIP).toBe('2620:1ec:bdf::40');
    expect(stringEquals('2620:1ec:bdf:0:0:0:0:40')(row)).toBe(false);
    expect(stringEquals('2620:1ec:bdf::40')(row)).toBe(true);
  });

  test.each<[string, string | null, boolean]>([
    ['a full URL', 'https://logistics.contoso.com/portal/login', true],
    ['a bare FQDN', 'logistics.contoso.com', true],
    ['upper case and a trailing dot', 'HTTPS://Logistics.Contoso.com./x', true],
    ['user info and a port', 'https://alice@logistics.contoso.com:8443/x', true],
    ['a subdomain', 'https://x.logistics.contoso.com/', false],
    ['a longer name ending in the host', 'https://evillogistics.contoso.com/', false],
    ['no RemoteUrl', null, false],
  ])('a host target matches the exact host of RemoteUrl: %s', (_case, url, found) => {
    expect(selects({ type: 'DomainName', value: 'logistics.contoso.com' }, huntingRow({ at, device: 'PC', url }))).toBe(found);
  });

  test('rows of other action types are not hunted', () => {
    const row = { ...huntingRow({ at, device: 'PC' }), ActionType: 'AntivirusDetection' };
    expect(selects({ type: 'DomainName', value: 'logistics.contoso.com' }, row)).toBe(false);
  });

  test.each([
    ['an operator it does not know', 'let target = "x";\n| where RemoteIP has target'],
    ['a value the query never binds', 'let target = "x";\n| where UnblockHost == other'],
    ['an in() naming a value the query never binds', 'let target = "x";\n| where UnblockHost in (target, targetUnicode)'],
    ['the case-insensitive in~', 'let target = "x";\nlet targetUnicode = "y";\n| where UnblockHost in~ (target, targetUnicode)'],
  ])('a comparison the fake cannot evaluate is not guessed at: %s', (_case, query) => {
    expect(targetComparison(query)).toBeNull();
  });
});

// Kusto's parse_url() returns the host as written, with no IDNA conversion (parse-url-function docs),
// so a RemoteUrl written in Unicode has a Unicode Host: the punycode target alone never equals it.
describe('an internationalised host, under the real hunting query', () => {
  const IDN: IndicatorTarget = { type: 'DomainName', value: 'xn--bcher-kva.contoso.com' };

  test.each<[string, string, boolean]>([
    ['RemoteUrl in Unicode', 'https://bücher.contoso.com/katalog', true],
    ['RemoteUrl in Unicode, upper case (tolower)', 'https://BÜCHER.contoso.com/', true],
    ['a bare Unicode FQDN', 'bücher.contoso.com', true],
    ['RemoteUrl in punycode', 'https://xn--bcher-kva.contoso.com/katalog', true],
    ['another Unicode host', 'https://bucher.contoso.com/', false],
    ['a Unicode subdomain', 'https://x.bücher.contoso.com/', false],
  ])('finds its rows: %s (%s)', (_case, url, found) => {
    expect(selects(IDN, huntingRow({ at, device: 'PC', url }))).toBe(found);
  });

  test('the fake reads the host as parse_url does: a query comparing the punycode form alone misses the Unicode row', () => {
    const query = buildHuntingQuery(IDN, lookback);
    expect(query.split('\n').slice(0, 2)).toEqual(['let target = "xn--bcher-kva.contoso.com";', 'let targetUnicode = "bücher.contoso.com";']);
    // The query as it was before it compared both forms.
    const punycodeOnly = targetComparison(query.replace('| where UnblockHost in (target, targetUnicode)', '| where UnblockHost == target'))!;
    expect(punycodeOnly(huntingRow({ at, device: 'PC', url: 'https://bücher.contoso.com/katalog' }))).toBe(false);
    expect(punycodeOnly(huntingRow({ at, device: 'PC', url: 'https://xn--bcher-kva.contoso.com/katalog' }))).toBe(true);
  });

  test.each([['logistics.contoso.com'], ['xn--zz.contoso.com']])('a host without a valid Unicode form is compared as itself: %s', (value) => {
    const query = buildHuntingQuery({ type: 'DomainName', value }, lookback);
    expect(query).not.toContain('targetUnicode');
    expect(query).toContain('| where UnblockHost == target');
  });
});

describe('the fake DeviceEvents table, hunting since an instant', () => {
  const target: IndicatorTarget = { type: 'DomainName', value: 'logistics.contoso.com' };
  const since = new Date('2026-11-25T09:00:00.123Z');
  const after = (timestamp: unknown) => sinceComparison(buildHuntingQuery(target, lookback, since))!({ Timestamp: timestamp });

  // Kusto compares datetimes at 100 ns ticks and `>` is strict (Kusto docs, "The datetime data type");
  // runHuntingQuery returns Timestamp with 7 fractional digits (defender-api.md §1 response example).
  test.each<[string, unknown, boolean]>([
    ['a row stamped at the instant itself', '2026-11-25T09:00:00.123Z', false],
    ['a row 100 ns after it', '2026-11-25T09:00:00.1230001Z', true],
    ['a row before it', '2026-11-25T08:59:59.9999999Z', false],
    ['a row an hour later', '2026-11-25T10:00:00Z', true],
    ['a row whose Timestamp is no instant (null in Kusto)', 'yesterday', false],
    ['a row with no Timestamp', undefined, false],
  ])('%s', (_case, timestamp, kept) => {
    expect(after(timestamp)).toBe(kept);
  });

  test('without the line every row passes; a datetime comparison it cannot read is refused (400)', () => {
    expect(sinceComparison(buildHuntingQuery(target, lookback))!({ Timestamp: '2000-01-01T00:00:00Z' })).toBe(true);
    expect(sinceComparison('| where Timestamp > datetime(last tuesday)')).toBeNull();
    expect(sinceComparison('| where Timestamp >= datetime(2026-11-25T09:00:00Z)')).toBeNull();
  });
});

// defender-api.md "Device groups": DeviceInfo.MachineGroup, latest row per device, joined in the same query.
describe('the device-group join, under the real hunting query', () => {
  const query = buildHuntingQuery({ type: 'DomainName', value: 'logistics.contoso.com' }, lookback);
  const row = huntingRow({ at, device: 'PC1' });

  test('adds the MachineGroup of the device’s latest DeviceInfo row, whatever order the rows were written in', () => {
    const join = deviceGroupJoin(query, [
      { Timestamp: '2026-11-25T08:00:00Z', DeviceId: 'device-id-pc1', MachineGroup: 'Sales' },
      { Timestamp: '2026-11-20T08:00:00Z', DeviceId: 'device-id-pc1', MachineGroup: 'Finance-Laptops' },
      { Timestamp: '2026-11-25T08:00:00Z', DeviceId: 'device-id-pc2', MachineGroup: 'Finance-Laptops' },
    ]);
    expect(join?.(row).MachineGroup).toBe('Sales');
  });

  test('a device with no DeviceInfo row keeps its event, with an empty MachineGroup (leftouter)', () => {
    expect(deviceGroupJoin(query, [])?.(row)).toEqual({ ...row, MachineGroup: '' });
  });

  test('a query without the join gets no MachineGroup column', () => {
    expect(deviceGroupJoin(query.replace(/^\| join .*$/m, ''), [])).toBeNull();
  });
});
