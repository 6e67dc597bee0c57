import type { Clock, RequestStore } from './ports.ts';

/** How long a worker may hold a request before another may take over (a crashed worker's lease lapses). */
export const LEASE_MS = 5 * 60_000;

/**
 * Runs `work` while holding the request's lease; returns `undefined` without running it when another
 * worker (another replica's reconciler, a concurrent click) holds the lease.
 */
export async function withLease<T>(
  deps: { readonly store: RequestStore; readonly clock: Clock },
  requestId: string,
  owner: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const now = deps.clock.now();
  if (!(await deps.store.claimLease(requestId, owner, now, new Date(now.getTime() + LEASE_MS)))) return undefined;
  try {
    return await work();
  } finally {
    await deps.store.releaseLease(requestId, owner);
  }
}
