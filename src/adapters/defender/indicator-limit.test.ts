import { describe, expect, test } from 'vitest';
import { httpFailure } from './http-failure.ts';
import { withIndicatorLimitWording } from './indicator-limit.ts';

const refusal = (status: number, message: string) => httpFailure({ service: 'defender', status, vendorCode: 'BadRequest', vendorMessage: message, correlationId: 'ref-1' });

describe('withIndicatorLimitWording', () => {
  test('a 400 naming the indicator limit is said in plain words, Defender’s own kept', () => {
    const error = withIndicatorLimitWording(refusal(400, 'Cannot create indicator: the tenant has reached the limit of 15000 active indicators.'));
    expect(error).toMatchObject({ failure: 'rejected', retryable: false, status: 400, vendorCode: 'BadRequest', correlationId: 'ref-1' });
    expect((error as Error & { userMessage: string }).userMessage).toBe(
      'the tenant has reached its limit of 15,000 indicators, so no new one can be created: ' +
        '"Cannot create indicator: the tenant has reached the limit of 15000 active indicators." [BadRequest, ref ref-1]; ' +
        'delete indicators that are no longer needed (Defender portal → Settings → Endpoints → Indicators); Microsoft does not raise the limit',
    );
  });

  test.each([
    ['another 400', 400, 'Invalid value for expirationTime'],
    ['a 403 that mentions a limit', 403, 'Indicator limit exceeded for this app'],
    ['a 429', 429, 'Rate limit for indicators exceeded'],
  ])('%s is left as it is', (_case, status, message) => {
    const original = refusal(status, message);
    expect(withIndicatorLimitWording(original)).toBe(original);
  });

  test('anything but an ExternalServiceError is left as it is', () => {
    const bug = new TypeError('x');
    expect(withIndicatorLimitWording(bug)).toBe(bug);
  });
});
