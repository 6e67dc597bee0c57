import { describe, expect, test } from 'vitest';
import type { ExternalFailure } from '../../app/support/external-service-error.ts';
import { ExternalServiceError, VENDOR_MESSAGE_MAX } from '../../app/support/external-service-error.ts';
import { httpFailure, retryAfterSeconds } from './http-failure.ts';

const failure = (status: number, extra: Partial<Parameters<typeof httpFailure>[0]> = {}) => httpFailure({ service: 'defender', status, ...extra });

const TI_READWRITE = 'the app registration needs the WindowsDefenderATP application permission Ti.ReadWrite, admin-consented';
const CHECK_SCOPE = 'check that DEFENDER_API_SCOPE names the Defender for Endpoint API';

// A plausible tenant-limit refusal; Defender documents the 15,000 limit, not the exact wording.
const TENANT_LIMIT = 'Cannot create indicator: the tenant has reached the limit of 15000 active indicators.';

describe('httpFailure', () => {
  test.each<[number, ExternalFailure, boolean, string]>([
    [400, 'rejected', false, 'Defender rejected the request (HTTP 400)'],
    [404, 'rejected', false, 'Defender rejected the request (HTTP 404); check DEFENDER_API_URL'],
    [409, 'rejected', false, 'Defender rejected the request (HTTP 409)'],
    [401, 'unauthorized', false, `Defender did not accept the bot's token (HTTP 401); ${CHECK_SCOPE}`],
    [403, 'forbidden', false, `Defender refused the request (HTTP 403); ${TI_READWRITE}`],
    [408, 'timeout', true, 'Defender timed out'],
    [429, 'throttled', true, 'Defender is throttling requests'],
    [500, 'unavailable', true, 'Defender is unavailable (HTTP 500)'],
    [502, 'unavailable', true, 'Defender is unavailable (HTTP 502)'],
    [503, 'unavailable', true, 'Defender is unavailable (HTTP 503)'],
    [504, 'timeout', true, 'Defender timed out'],
    [0, 'unavailable', true, 'Defender could not be reached'],
  ])('HTTP %i is %s (retryable: %s): "%s"', (status, kind, retryable, message) => {
    const error = failure(status);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ service: 'defender', failure: kind, retryable, vendorMessage: undefined });
    expect(error.userMessage.startsWith(message)).toBe(true);
    expect(error.status).toBe(status === 0 ? undefined : status);
  });

  test.each<[number, boolean]>([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [429, true],
    [500, true],
    [503, true],
  ])('HTTP %i keeps the vendor reason, code and correlation id (retryable: %s)', (status, retryable) => {
    const error = failure(status, { vendorCode: 'BadRequest', vendorMessage: TENANT_LIMIT, correlationId: 'corr-7' });
    expect(error.retryable).toBe(retryable);
    expect(error).toMatchObject({ vendorCode: 'BadRequest', vendorMessage: TENANT_LIMIT, correlationId: 'corr-7' });
    expect(error.userMessage).toContain(`: "${TENANT_LIMIT}" [BadRequest, ref corr-7]`);
    expect(error.message).toContain(TENANT_LIMIT);
  });

  test('the tenant-limit refusal reads as one line: what failed, the reason, code and ref', () => {
    expect(failure(400, { vendorCode: 'BadRequest', vendorMessage: TENANT_LIMIT, correlationId: 'a1b2' }).userMessage).toBe(
      `Defender rejected the request (HTTP 400): "${TENANT_LIMIT}" [BadRequest, ref a1b2]`,
    );
  });

  test('a 403 keeps the reason and then names the permission to grant', () => {
    const error = failure(403, { vendorCode: 'Forbidden', vendorMessage: 'Missing application roles.' });
    expect(error.userMessage).toBe(`Defender refused the request (HTTP 403): "Missing application roles." [Forbidden]; ${TI_READWRITE}`);
  });

  test('names Microsoft Graph, its setting and its permission for Graph failures', () => {
    expect(httpFailure({ service: 'graph', status: 403 }).userMessage).toBe(
      'Microsoft Graph refused the request (HTTP 403); the app registration needs the Microsoft Graph application permission ThreatHunting.Read.All, admin-consented',
    );
    expect(httpFailure({ service: 'graph', status: 401 }).userMessage).toContain('check that GRAPH_BASE_URL');
  });

  test('clips a long vendor reason to VENDOR_MESSAGE_MAX characters, ending in an ellipsis', () => {
    const error = failure(400, { vendorMessage: `${'x'.repeat(1000)} secret-tail` });
    expect(Array.from(error.vendorMessage!)).toHaveLength(VENDOR_MESSAGE_MAX);
    expect(error.vendorMessage!.endsWith('…')).toBe(true);
    expect(error.userMessage).not.toContain('secret-tail');
    expect(error.userMessage.length).toBeLessThan(VENDOR_MESSAGE_MAX + 200);
  });

  test('clips on characters, never splitting a surrogate pair', () => {
    const error = failure(400, { vendorMessage: '🚫'.repeat(VENDOR_MESSAGE_MAX + 5) });
    expect(error.vendorMessage).toBe(`${'🚫'.repeat(VENDOR_MESSAGE_MAX - 1)}…`);
  });

  test('removes control and invisible format characters and collapses whitespace', () => {
    const error = failure(400, {
      vendorMessage: 'Limit\r\n  reached\u0000\u001b[31m here\u202e gnirts\u200b.\t',
      vendorCode: 'Bad\nRequest',
      correlationId: ' corr\u0007-1 ',
    });
    expect(error.vendorMessage).toBe('Limit reached [31m here gnirts .');
    expect(error.vendorCode).toBe('Bad Request');
    expect(error.correlationId).toBe('corr -1');
    expect(error.userMessage).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  test('redacts anything shaped like a credential a vendor echoed back, before it can reach Slack', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2FwaSJ9.c2lnbmF0dXJlLXBhcnQ';
    const error = failure(401, { vendorMessage: `Token Bearer ${jwt} rejected for client_secret=s3cr3t-value` });
    expect(error.userMessage).not.toContain(jwt);
    expect(error.userMessage).not.toContain('s3cr3t-value');
    expect(error.vendorMessage).toBe('Token Bearer [redacted] rejected for client_secret=[redacted]');
  });

  test('a blank vendor reason counts as none', () => {
    expect(failure(400, { vendorMessage: ' \n ' })).toMatchObject({ vendorMessage: undefined, userMessage: 'Defender rejected the request (HTTP 400)' });
  });

  test('a throttled answer carries how long to wait', () => {
    const error = failure(429, { retryAfterSeconds: 30 });
    expect(error).toMatchObject({ failure: 'throttled', retryable: true, retryAfterSeconds: 30 });
    expect(error.userMessage).toBe('Defender is throttling requests (retry after 30s)');
  });

  test.each<[string | undefined, string | undefined, string]>([
    ['InvalidRequestBody', 'a1b2c3d4-0000-1111-2222-333344445555', 'Defender rejected the request (HTTP 400) [InvalidRequestBody, ref a1b2c3d4-0000-1111-2222-333344445555]'],
    ['InvalidRequestBody', undefined, 'Defender rejected the request (HTTP 400) [InvalidRequestBody]'],
    [undefined, 'corr-42', 'Defender rejected the request (HTTP 400) [ref corr-42]'],
    [undefined, undefined, 'Defender rejected the request (HTTP 400)'],
  ])('quotes vendor code %j and correlation id %j', (vendorCode, correlationId, message) => {
    expect(failure(400, { vendorCode, correlationId }).userMessage).toBe(message);
  });

  test('keeps the cause for the logs and summarises in the internal message', () => {
    const cause = new Error('socket hang up');
    const error = failure(503, { cause });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('defender unavailable (HTTP 503): Defender is unavailable (HTTP 503)');
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');

  test.each<[string | null | undefined, number | undefined]>([
    ['120', 120],
    ['0', 0],
    ['1.2', 2],
    ['Thu, 26 Nov 2026 12:01:30 GMT', 90],
    ['Thu, 26 Nov 2026 12:00:00 GMT', 0],
    ['Thu, 26 Nov 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('Retry-After %j is %j seconds', (header, seconds) => {
    expect(retryAfterSeconds(header, now)).toBe(seconds);
  });
});
