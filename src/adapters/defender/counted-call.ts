import type { CallOutcome } from '../../app/ports/metrics.ts';
import { ExternalServiceError } from '../../app/support/external-service-error.ts';

/**
 * Runs one vendor call and reports how it ended and how long it took (seconds, from a monotonic
 * clock) to `record`: `success`, or the ExternalFailure kind of the ExternalServiceError it threw
 * (`throttled` for HTTP 429). Anything else thrown counts as `unavailable`. The result or error
 * passes through unchanged.
 */
export async function countedCall<T>(record: ((outcome: CallOutcome, seconds: number) => void) | undefined, call: () => Promise<T>): Promise<T> {
  if (!record) return call();
  const started = performance.now();
  try {
    const result = await call();
    record('success', (performance.now() - started) / 1000);
    return result;
  } catch (error) {
    record(error instanceof ExternalServiceError ? error.failure : 'unavailable', (performance.now() - started) / 1000);
    throw error;
  }
}
