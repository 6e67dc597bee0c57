import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ExternalServiceError } from '../../app/support/external-service-error.ts';
import { FakeClock } from '../../../test/port-fakes/fake-clock.ts';
import { defenderError, FakeDefender, TENANT_INDICATOR_LIMIT } from '../../../test/http-fakes/fake-defender.ts';
import { FakeEntra } from '../../../test/http-fakes/fake-entra.ts';
import { DefenderIndicatorGateway } from './defender-indicator-gateway.ts';

const SECRET = 'gateway-test-secret-77c1';
const DEFENDER_SCOPE = 'https://api.securitycenter.microsoft.com/.default';
const RESOURCE_FORM_SCOPE = 'https://securitycenter.onmicrosoft.com/windowsatpservice/.default';

const allow = {
  target: { type: 'DomainName', value: 'logistics.contoso.com' },
  rbacGroupNames: [],
  expiresAt: new Date('2026-11-27T09:00:00Z'),
  title: 'Unblock #1: temporary allow for logistics.contoso.com',
  description: 'test',
} as const;

describe('DefenderIndicatorGateway against FakeDefender: refusals keep the reason', () => {
  const entra = new FakeEntra('contoso-tenant', 'unblock-client', SECRET);
  const defender = new FakeDefender(entra, DEFENDER_SCOPE);
  beforeAll(async () => {
    await Promise.all([entra.start(), defender.start()]);
  });
  afterAll(async () => {
    await Promise.all([entra.stop(), defender.stop()]);
  });
  beforeEach(() => {
    defender.indicators.clear();
    defender.indicatorLimit = TENANT_INDICATOR_LIMIT;
    defender.pageSize = 10_000;
  });

  const gateway = (scope = DEFENDER_SCOPE) =>
    new DefenderIndicatorGateway({
      apiUrl: defender.apiUrl,
      scope,
      credential: new ClientSecretCredential('contoso-tenant', 'unblock-client', SECRET, { authorityHost: entra.authorityHost, disableInstanceDiscovery: true }),
      clock: new FakeClock(),
    });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ExternalServiceError);
        return error as ExternalServiceError;
      },
    );

  test('a full tenant: 400, not retryable, said in plain words with Defender’s reason and correlation id kept', async () => {
    defender.indicatorLimit = 0; // stands for a tenant already holding its 15,000 indicators
    const error = await refusal(gateway().submitAllow(allow));
    expect(error).toMatchObject({ service: 'defender', failure: 'rejected', retryable: false, status: 400, vendorCode: 'BadRequest' });
    expect(error.vendorMessage).toContain(`limit of ${TENANT_INDICATOR_LIMIT} active indicators`);
    expect(error.userMessage).toBe(
      `the tenant has reached its limit of 15,000 indicators, so no new one can be created: "${error.vendorMessage}" [BadRequest, ref ${error.correlationId}]; ` +
        'delete indicators that are no longer needed (Defender portal → Settings → Endpoints → Indicators); Microsoft does not raise the limit',
    );
    expect(error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(defender.indicators.size).toBe(0);
  });

  test('a missing permission: 403, not retryable, the reason kept and Ti.ReadWrite named', async () => {
    defender.failNext('POST', defenderError(403, 'Forbidden', 'The application does not have the required permission.'));
    const error = await refusal(gateway().submitAllow(allow));
    expect(error).toMatchObject({ failure: 'forbidden', retryable: false, status: 403 });
    expect(error.userMessage).toContain('"The application does not have the required permission."');
    expect(error.userMessage).toContain('WindowsDefenderATP application permission Ti.ReadWrite');
  });

  test('an outage stays retryable and keeps the reason', async () => {
    defender.failNext('GET', { ...defenderError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.'), headers: { 'retry-after': '120' } });
    const error = await refusal(gateway().findByValue('logistics.contoso.com'));
    expect(error).toMatchObject({ failure: 'unavailable', retryable: true, retryAfterSeconds: 120, vendorMessage: 'The service is temporarily unavailable.' });
  });

  test('a token for the resource form of the scope is accepted as the same API', async () => {
    const created = await gateway(RESOURCE_FORM_SCOPE).submitAllow(allow);
    expect(defender.indicators.get(created.id)).toMatchObject({ indicatorValue: 'logistics.contoso.com', action: 'Allowed' });
  });

  test('the device groups go in the POST body as a JSON array and read back; [] is every device', async () => {
    const scoped = await gateway().submitAllow({ ...allow, rbacGroupNames: ['Finance-Laptops', 'Sales'] });
    const post = defender.requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(JSON.parse(post.body)).toMatchObject({ rbacGroupNames: ['Finance-Laptops', 'Sales'] });
    expect(scoped.rbacGroupNames).toEqual(['Finance-Laptops', 'Sales']);
    // Same value, type and action: Defender updates the indicator in place (defender-api.md "Upsert semantics").
    const everywhere = await gateway().submitAllow(allow);
    expect(everywhere.id).toBe(scoped.id);
    expect(everywhere.rbacGroupNames).toEqual([]);
  });

  test('a token for another API is refused with 401, naming DEFENDER_API_SCOPE', async () => {
    const error = await refusal(gateway('https://graph.microsoft.com/.default').findByValue('logistics.contoso.com'));
    expect(error).toMatchObject({ failure: 'unauthorized', retryable: false, status: 401 });
    expect(error.userMessage).toContain('check that DEFENDER_API_SCOPE');
  });

  // Indicator shapes: the documented entity (ti-indicator; defender-api.md §3 "Indicator entity shape").
  const indicator = (indicatorValue: string, indicatorType: string, action: string, title: string) => ({
    indicatorValue,
    indicatorType,
    action,
    title,
    description: 'portal-made',
    expirationTime: null,
    createdBy: 'secops@contoso.com',
  });

  test('findRelated: the exact value, each parent domain, and Url indicators on the host (paged), each once', async () => {
    defender.pageSize = 2; // Url indicators come in three pages: the next links must be followed
    const own = defender.seed(indicator('logistics.contoso.com', 'DomainName', 'Allowed', 'Unblock #3'));
    const parent = defender.seed(indicator('contoso.com', 'DomainName', 'Block', 'Block Contoso'));
    const urlOnHost = defender.seed(indicator('https://logistics.contoso.com/admin', 'Url', 'Warn', 'Warn admin page'));
    const bareUrl = defender.seed(indicator('logistics.contoso.com/legacy', 'Url', 'Audit', 'Audit legacy path'));
    defender.seed(indicator('https://other.contoso.com/', 'Url', 'Block', 'Other host'));
    defender.seed(indicator('https://evil.example/logistics.contoso.com', 'Url', 'Block', 'Host in the path'));
    defender.seed(indicator('https://fabrikam.com/', 'Url', 'Allowed', 'Unrelated'));
    defender.seed(indicator('other.contoso.com', 'DomainName', 'Block', 'Sibling'));
    defender.seed(indicator('evilcontoso.com', 'DomainName', 'Block', 'Lookalike'));
    defender.seed(indicator('com', 'DomainName', 'Block', 'Public suffix'));

    const before = defender.requestsOf('GET').length;
    const found = await gateway().findRelated({ type: 'DomainName', value: 'logistics.contoso.com' });

    expect(found.incomplete).toBeNull();
    expect(found.indicators.map((i) => i.id).sort()).toEqual([own.id, parent.id, urlOnHost.id, bareUrl.id].sort());
    expect(found.indicators.find((i) => i.id === parent.id)).toMatchObject({ action: 'Block', title: 'Block Contoso', createdBy: 'secops@contoso.com' });
    const filters = defender
      .requestsOf('GET')
      .slice(before)
      .map((r) => `${r.query.get('$filter')}${r.query.has('$top') ? ` top ${r.query.get('$top')}` : ''}${r.query.has('$skip') ? ` skip ${r.query.get('$skip')}` : ''}`);
    expect(filters.sort()).toEqual(
      [
        "indicatorValue eq 'logistics.contoso.com'",
        "indicatorValue eq 'contoso.com'",
        "indicatorType eq 'Url' top 10000",
        "indicatorType eq 'Url' top 10000 skip 2",
        "indicatorType eq 'Url' top 10000 skip 4",
      ].sort(),
    );
  });

  test('findRelated: more Url indicators than 20 pages is never a silently shortened answer: the look-up says it is incomplete, and what the values found stands', async () => {
    defender.pageSize = 1;
    for (let n = 0; n < 21; n++) defender.seed(indicator(`https://host${n}.fabrikam.com/`, 'Url', 'Block', `Url ${n}`));
    const parent = defender.seed(indicator('contoso.com', 'DomainName', 'Block', 'Block Contoso'));
    const found = await gateway().findRelated({ type: 'DomainName', value: 'logistics.contoso.com' });
    expect(found.incomplete).toBe('Defender listed more Url indicators than Unblock reads (20 pages)');
    expect(found.indicators.map((i) => i.id)).toEqual([parent.id]);
  });

  test('findRelated: a lookup that fails fails as a whole, with Defender’s reason', async () => {
    defender.failNext('GET', defenderError(403, 'Forbidden', 'The application is only exposed to the indicators it created.'));
    const error = await refusal(gateway().findRelated({ type: 'DomainName', value: 'logistics.contoso.com' }));
    expect(error).toMatchObject({ failure: 'forbidden', vendorMessage: 'The application is only exposed to the indicators it created.' });
  });

  test('an undocumented filter operator is refused by the fake, as Defender refuses an invalid one', async () => {
    const url = new URL(`${defender.apiUrl}/api/indicators`);
    url.searchParams.set('$filter', "startswith(indicatorValue,'contoso')");
    const token = await new ClientSecretCredential('contoso-tenant', 'unblock-client', SECRET, { authorityHost: entra.authorityHost, disableInstanceDiscovery: true }).getToken(DEFENDER_SCOPE);
    const response = await fetch(url, { headers: { authorization: `Bearer ${token.token}` } });
    expect(response.status).toBe(400);
  });
});
