import { inspect } from 'node:util';
import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ExternalFailure } from '../../app/support/external-service-error.ts';
import { ExternalServiceError } from '../../app/support/external-service-error.ts';
import { FakeEntra } from '../../../test/http-fakes/fake-entra.ts';
import { accessToken } from './access-token.ts';
import type { ScopeSetting } from './entra-failure.ts';

const SECRET = 'access-token-test-secret-51ab';
const DEFENDER = 'https://api.securitycenter.microsoft.com/.default';
const RESOURCE_FORM = 'https://securitycenter.onmicrosoft.com/windowsatpservice';

/** Entra's token error body (reference-error-codes sample shape). */
const entraError = (status: number, error: string, code: number, sentence: string) => ({
  status,
  body: {
    error,
    error_description: `AADSTS${code}: ${sentence} More text follows here.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-11-26 09:00:00Z`,
    error_codes: [code],
    timestamp: '2026-11-26 09:00:00Z',
  },
});

describe('accessToken against Entra (FakeEntra, the real @azure/identity credential)', () => {
  const entra = new FakeEntra('contoso-tenant', 'unblock-client', SECRET);
  let secret = SECRET;
  beforeAll(() => entra.start());
  afterAll(() => entra.stop());
  beforeEach(() => {
    entra.failWith(undefined);
    secret = SECRET;
  });

  // No client-side retries, so the outage cases answer at once (production keeps the library's retries).
  const credential = (authorityHost = entra.authorityHost) =>
    new ClientSecretCredential('contoso-tenant', 'unblock-client', secret, { authorityHost, disableInstanceDiscovery: true, retryOptions: { maxRetries: 0 } });

  async function failure(scope: string, setting: ScopeSetting = 'DEFENDER_API_SCOPE', authorityHost?: string): Promise<ExternalServiceError> {
    const error = await accessToken(credential(authorityHost), { scope, setting }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    const failed = error as ExternalServiceError;
    // Nothing of it, however deep (causes included), ever holds the secret.
    expect(inspect(failed, { depth: 10 })).not.toContain(SECRET);
    return failed;
  }

  test('issues a token for the normalised resource form, for the same API as the documented scope', async () => {
    const token = await accessToken(credential(), { scope: `${RESOURCE_FORM}/.default`, setting: 'DEFENDER_API_SCOPE' });
    expect(entra.audienceOf(`Bearer ${token}`)).toBe(FakeEntra.audienceOfScope(DEFENDER));
  });

  test('the resource form without /.default: AADSTS1002012 kept, DEFENDER_API_SCOPE named, not retryable', async () => {
    const error = await failure(RESOURCE_FORM);
    expect(error).toMatchObject({ service: 'entra', failure: 'unauthorized', retryable: false, status: 400, vendorCode: 'invalid_scope' });
    expect(error.vendorMessage).toBe(`AADSTS1002012: The provided value for scope ${RESOURCE_FORM} is not valid.`);
    expect(error.userMessage).toContain(`Entra ID refused a token for ${RESOURCE_FORM} (HTTP 400): "AADSTS1002012: The provided value`);
    expect(error.userMessage).toContain('check DEFENDER_API_SCOPE');
    expect(error.userMessage).not.toContain('Trace ID');
  });

  test('a refused Graph scope names GRAPH_BASE_URL', async () => {
    const error = await failure('https://graph.microsoft.com/v1.0', 'GRAPH_BASE_URL');
    expect(error.userMessage).toContain('check GRAPH_BASE_URL');
    expect(error.userMessage).not.toContain('DEFENDER_API_SCOPE');
  });

  test('a wrong client secret: AADSTS7000215 kept, AZURE_CLIENT_SECRET named, the secret never shown', async () => {
    secret = `${SECRET}-wrong`;
    const error = await failure(DEFENDER);
    expect(error).toMatchObject({ failure: 'unauthorized', retryable: false, status: 401, vendorCode: 'invalid_client' });
    expect(error.vendorMessage).toBe('AADSTS7000215: Invalid client secret provided.');
    expect(error.userMessage).toContain('check AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (wrong or expired) and AZURE_CLIENT_ID');
    expect(inspect(error, { depth: 10 })).not.toContain(secret);
  });

  test.each<[string, ReturnType<typeof entraError>, string]>([
    [
      'an app registration missing from the tenant',
      entraError(400, 'unauthorized_client', 700016, "Application with identifier 'unblock-client' was not found in the directory 'contoso-tenant'."),
      'check AZURE_CLIENT_ID',
    ],
    ['an unknown tenant', entraError(400, 'invalid_request', 90002, "Tenant 'contoso-tenant' not found."), 'check AZURE_TENANT_ID'],
    [
      'a resource missing from the tenant',
      entraError(400, 'invalid_resource', 500011, 'The resource principal named https://api.securitycenter.microsoft.com was not found in the tenant.'),
      'check DEFENDER_API_SCOPE',
    ],
  ])('%s names the setting to fix', async (_, reply, fix) => {
    entra.failWith(reply);
    const error = await failure(DEFENDER);
    expect(error).toMatchObject({ failure: 'unauthorized', retryable: false, status: 400, vendorCode: reply.body.error });
    expect(error.vendorMessage).toMatch(/^AADSTS\d+: .*\.$/);
    expect(error.vendorMessage).not.toContain('More text follows');
    expect(error.userMessage).toContain(fix);
  });

  test.each<[string, { status: number; body: unknown; headers?: Record<string, string> }, ExternalFailure]>([
    ['Entra failing', { status: 500, body: 'upstream failure' }, 'unavailable'],
    ['Entra unavailable', { status: 503, body: { error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred. Please try again.' } }, 'unavailable'],
  ])('%s is retryable', async (_, reply, kind) => {
    entra.failWith(reply);
    const error = await failure(DEFENDER);
    expect(error).toMatchObject({ failure: kind, retryable: true, status: reply.status });
  });

  test('unreachable sign-in endpoints are retryable and name AZURE_AUTHORITY_HOST', async () => {
    const error = await failure(DEFENDER, 'DEFENDER_API_SCOPE', 'https://127.0.0.1:9');
    expect(error).toMatchObject({ failure: 'unavailable', retryable: true, status: undefined });
    expect(error.userMessage).toContain('check AZURE_AUTHORITY_HOST, AZURE_TENANT_ID and the network');
  });
});
