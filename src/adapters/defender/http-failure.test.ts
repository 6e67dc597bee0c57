import { describe, expect, test } from 'vitest';
import type { ExternalFailure } from '../../app/external-service-error.ts';
import { ExternalServiceError } from '../../app/external-service-error.ts';
import { httpFailure, retryAfterSeconds } from './http-failure.ts';

const PERMISSION_HINT = 'grant the app the Ti.ReadWrite.All application permission and admin-consent it';

const failure = (status: number, extra: Partial<Parameters<typeof httpFailure>[0]> = {}) =>
  httpFailure({ service: 'defender', status, permissionHint: PERMISSION_HINT, ...extra });

describe('httpFailure', () => {
  test.each<[number, ExternalFailure, boolean, string]>([
    [400, 'rejected', false, 'Defender rejected the request (HTTP 400)'],
    [404, 'rejected', false, 'Defender rejected the request (HTTP 404)'],
    [401, 'unauthorized', false, "Defender did not accept the bot's token"],
    [403, 'forbidden', false, `Defender refused: ${PERMISSION_HINT}`],
    [408, 'timeout', true, 'Defender timed out'],
    [429, 'throttled', true, 'Defender is throttling requests'],
    [500, 'unavailable', true, 'Defender is unavailable (HTTP 500)'],
    [503, 'unavailable', true, 'Defender is unavailable (HTTP 503)'],
    [504, 'timeout', true, 'Defender timed out'],
    [0, 'unavailable', true, 'Defender could not be reached'],
  ])('HTTP %i is %s (retryable: %s): "%s"', (status, kind, retryable, message) => {
    const error = failure(status);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({ service: 'defender', failure: kind, retryable, userMessage: message });
    expect(error.status).toBe(status === 0 ? undefined : status);
  });

  test('names Microsoft Graph for Graph failures', () => {
    const error = httpFailure({ service: 'graph', status: 403, permissionHint: 'grant ThreatHunting.Read.All' });
    expect(error.userMessage).toBe('Microsoft Graph refused: grant ThreatHunting.Read.All');
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
