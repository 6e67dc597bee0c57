/**
 * How long to wait after a refusal that retrying cannot fix (HTTP 400, 403, 404: the tenant's
 * indicator limit, a missing permission), in ms: long enough not to spend Defender's call budget on
 * it, short enough that the work goes through soon after someone fixes the cause.
 */
export const REFUSED_RETRY_MS = 60 * 60_000;

const BASE_MS = 30_000;
const CAP_MS = 15 * 60_000;

/**
 * How long to wait before activation attempt `attempt + 1` after `attempt` failures: exponential
 * from 30 s up to 15 minutes, then ±20 % jitter (`random` in [0, 1)) so replicas and requests
 * do not retry in step; never sooner than the service's Retry-After.
 */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined, random: number): number {
  const exponential = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential * (0.8 + 0.4 * random));
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}
