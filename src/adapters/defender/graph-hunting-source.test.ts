import { ClientSecretCredential } from '@azure/identity';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ExternalServiceError } from '../../app/support/external-service-error.ts';
import { parseAllowDuration } from '../../domain/request/allow-duration.ts';
import { FakeEntra } from '../../../test/http-fakes/fake-entra.ts';
import { FakeGraph, graphError } from '../../../test/http-fakes/fake-graph.ts';
import { deviceInfoRow, huntingRow } from '../../../test/builders/hunting-rows.ts';
import { BACKGROUND_HEADROOM, GraphHuntingSource } from './graph-hunting-source.ts';
import { HUNTING_LIMITS, RateBudget } from './rate-budget.ts';

const SECRET = 'graph-test-secret-31d0';
const lookback = (() => {
  const parsed = parseAllowDuration('P7D');
  if (!parsed.ok) throw new Error(parsed.error.code);
  return parsed.value;
})();
const target = { type: 'DomainName', value: 'logistics.contoso.com' } as const;

describe('GraphHuntingSource against FakeGraph: a refused query keeps Graph’s reason', () => {
  const entra = new FakeEntra('contoso-tenant', 'unblock-client', SECRET);
  const graph = new FakeGraph(entra);
  beforeAll(async () => {
    await Promise.all([entra.start(), graph.start()]);
  });
  afterAll(async () => {
    await Promise.all([entra.stop(), graph.stop()]);
  });
  beforeEach(() => graph.failWith(undefined));

  const source = () =>
    new GraphHuntingSource({
      baseUrl: graph.baseUrl,
      credential: new ClientSecretCredential('contoso-tenant', 'unblock-client', SECRET, { authorityHost: entra.authorityHost, disableInstanceDiscovery: true }),
      logger: pino({ level: 'silent' }),
    });

  const refusal = async () => {
    const error = await source()
      .findBlockEvents(target, lookback)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    return error as ExternalServiceError;
  };

  test('a 400 keeps error.message and the request-id, and is not retryable', async () => {
    // The wording Graph uses for a KQL syntax error (defender-api.md §1, community report).
    const reply = graphError(400, 'BadRequest', 'The incomplete fragment is unexpected. Fix syntax errors in your query.');
    graph.failWith(reply);
    const error = await refusal();
    const requestId = reply.headers!['request-id']!;
    expect(error).toMatchObject({ service: 'graph', failure: 'rejected', retryable: false, status: 400, vendorCode: 'BadRequest', correlationId: requestId });
    expect(error.userMessage).toBe(
      `Microsoft Graph rejected the request (HTTP 400): "The incomplete fragment is unexpected. Fix syntax errors in your query." [BadRequest, ref ${requestId}]`,
    );
  });

  test('a 403 keeps the reason and names ThreatHunting.Read.All', async () => {
    graph.failWith(graphError(403, 'Forbidden', 'Missing role permissions on the request.'));
    const error = await refusal();
    expect(error).toMatchObject({ failure: 'forbidden', retryable: false });
    expect(error.userMessage).toContain('"Missing role permissions on the request."');
    expect(error.userMessage).toContain('ThreatHunting.Read.All');
  });
});

describe('GraphHuntingSource against FakeGraph: hunting since an instant', () => {
  const entra = new FakeEntra('contoso-tenant', 'unblock-client', SECRET);
  const graph = new FakeGraph(entra);
  beforeAll(async () => {
    await Promise.all([entra.start(), graph.start()]);
  });
  afterAll(async () => {
    await Promise.all([entra.stop(), graph.stop()]);
  });

  test('sends the instant in the query and gets only the rows stamped after it', async () => {
    // Timestamps with 7 fractional digits, as runHuntingQuery returns them (defender-api.md §1 response example).
    graph.addEvents([huntingRow({ at: '2026-12-01T09:59:59.9999999Z', device: 'BEFORE' }), huntingRow({ at: '2026-12-01T10:00:00.0000001Z', device: 'AFTER' })]);
    const source = new GraphHuntingSource({
      baseUrl: graph.baseUrl,
      credential: new ClientSecretCredential('contoso-tenant', 'unblock-client', SECRET, { authorityHost: entra.authorityHost, disableInstanceDiscovery: true }),
      logger: pino({ level: 'silent' }),
    });
    const events = await source.findBlockEvents(target, lookback, { since: new Date('2026-12-01T10:00:00Z') });
    expect(events.map((e) => e.deviceName)).toEqual(['after.corp.contoso.com']);
    expect(graph.queries.at(-1)?.query).toContain('\n| where Timestamp > datetime(2026-12-01T10:00:00.000Z)\n');
    expect((await source.findBlockEvents(target, lookback)).map((e) => e.deviceName).sort()).toEqual(['after.corp.contoso.com', 'before.corp.contoso.com']);
  });
});

describe('GraphHuntingSource: a background hunt leaves the budget’s headroom to reports', () => {
  const entra = new FakeEntra('contoso-tenant', 'unblock-client', SECRET);
  const graph = new FakeGraph(entra);
  beforeAll(async () => {
    await Promise.all([entra.start(), graph.start()]);
  });
  afterAll(async () => {
    await Promise.all([entra.stop(), graph.stop()]);
  });

  test('once only the headroom is left, a background hunt fails at once as throttled (retryable), sending nothing; a report still gets through', async () => {
    let now = 0;
    const budget = new RateBudget(HUNTING_LIMITS, { now: () => now, sleep: async (ms) => void (now += ms) });
    const source = new GraphHuntingSource({
      baseUrl: graph.baseUrl,
      credential: new ClientSecretCredential('contoso-tenant', 'unblock-client', SECRET, { authorityHost: entra.authorityHost, disableInstanceDiscovery: true }),
      logger: pino({ level: 'silent' }),
      budget,
    });
    const limit = HUNTING_LIMITS[0]!.limit;
    for (let i = 0; i < limit - BACKGROUND_HEADROOM; i += 1) await source.findBlockEvents(target, lookback, { background: true });
    const sent = graph.queries.length;
    const error = await source.findBlockEvents(target, lookback, { background: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ service: 'graph', failure: 'throttled', retryable: true });
    expect(graph.queries).toHaveLength(sent);
    await source.findBlockEvents(target, lookback);
    expect(graph.queries).toHaveLength(sent + 1);
    expect(now).toBe(0);
  });
});

describe('GraphHuntingSource against FakeGraph: each event carries its device group', () => {
  const entra = new FakeEntra('contoso-tenant', 'unblock-client', SECRET);
  const graph = new FakeGraph(entra);
  beforeAll(async () => {
    await Promise.all([entra.start(), graph.start()]);
  });
  afterAll(async () => {
    await Promise.all([entra.stop(), graph.stop()]);
  });

  test('the latest DeviceInfo MachineGroup per device; UnassignedGroup and no DeviceInfo row are no group', async () => {
    // Rows in the documented DeviceEvents/DeviceInfo shapes (defender-api.md "Device groups").
    graph.addEvents(['PC1', 'PC2', 'PC3', 'PC4'].map((device) => huntingRow({ at: '2026-11-20T09:00:00Z', device })));
    graph.addDeviceInfo([
      deviceInfoRow('PC1', 'Sales', '2026-11-10T00:00:00Z'),
      deviceInfoRow('PC1', 'Finance-Laptops', '2026-11-19T00:00:00Z'),
      deviceInfoRow('PC2', 'Sales'),
      deviceInfoRow('PC3', 'UnassignedGroup'),
    ]);
    const source = new GraphHuntingSource({
      baseUrl: graph.baseUrl,
      credential: new ClientSecretCredential('contoso-tenant', 'unblock-client', SECRET, { authorityHost: entra.authorityHost, disableInstanceDiscovery: true }),
      logger: pino({ level: 'silent' }),
    });
    const events = await source.findBlockEvents(target, lookback);
    expect(Object.fromEntries(events.map((e) => [e.deviceId, e.deviceGroup]))).toEqual({
      'device-id-pc1': 'Finance-Laptops',
      'device-id-pc2': 'Sales',
      'device-id-pc3': null,
      'device-id-pc4': null,
    });
  });
});
