import type { LeaseClaim } from '../ports/work-claims.ts';
import type { WorkClaims } from '../ports/work-claims.ts';
import type { Clock } from '../ports/runtime.ts';

/** How long a worker may hold a request before another may take over (a crashed worker's lease lapses). */
export const LEASE_MS = 5 * 60_000;

/**
 * Runs `work` while holding the request's lease; returns `undefined` without running it when another
 * worker (another replica's reconciler, a concurrent click) holds the lease.
 */
export async function withLease<T>(
  deps: { readonly store: WorkClaims; readonly clock: Clock },
  requestId: string,
  owner: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const now = deps.clock.now();
  if (!(await deps.store.claimLease(requestId, owner, now, new Date(now.getTime() + LEASE_MS)))) return undefined;
  return holdingLease(deps, requestId, owner, work);
}

/**
 * Runs `work` under a lease `owner` already holds (taken in the same transaction as a write, see
 * TransitionRecord's `lease`) and releases it afterwards, whatever `work` does.
 */
export async function holdingLease<T>(deps: { readonly store: WorkClaims }, requestId: string, owner: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await deps.store.releaseLease(requestId, owner);
  }
}

/** The lease an approval takes for the first activation of its allow, `now` being the decision's instant. */
export function decisionLease(requestId: string, now: Date): LeaseClaim {
  return { owner: `decision:${requestId}`, until: new Date(now.getTime() + LEASE_MS) };
}

/**
 * How long a click waits for another worker's lease on the same request before giving up, in ms,
 * unless configured: longer than a Defender call can take at the default DEFENDER_REQUEST_TIMEOUT
 * (30 s), twice, since the holder may be an extension or an activation waiting on Defender.
 */
export const CLICK_LEASE_WAIT_MS = 90_000;
const POLL_MS = 200;

/**
 * Runs a click's `work` under the request's lease, waiting up to `waitMs` (real time) for another
 * worker (the reconciler, an activation, another click) to finish with it, so two changes to one
 * allow never interleave with Defender calls in between. Returns `undefined` without running
 * `work` when the lease stayed taken.
 */
export async function withLeaseWaiting<T>(
  deps: { readonly store: WorkClaims; readonly clock: Clock },
  requestId: string,
  owner: string,
  work: () => Promise<T>,
  waitMs: number = CLICK_LEASE_WAIT_MS,
): Promise<T | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const now = deps.clock.now();
    if (await deps.store.claimLease(requestId, owner, now, new Date(now.getTime() + LEASE_MS))) break;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await work();
  } finally {
    await deps.store.releaseLease(requestId, owner);
  }
}
