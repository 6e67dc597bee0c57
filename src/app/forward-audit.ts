import type { AuditForwardLog, AuditSink, ForwardPosition } from './ports/audit-forwarding.ts';
import type { Clock, Logger } from './ports/runtime.ts';
import { ExternalServiceError } from './support/external-service-error.ts';

/** What forwardAudit needs: the shared cursor, the destination, this replica's name, time and the log. */
export interface ForwardAuditDeps {
  readonly log: AuditForwardLog;
  readonly sink: AuditSink;
  readonly owner: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a claim lasts, in ms; every upload must end well within it (see uploadBudgetMs). */
  readonly leaseMs: number;
  /** The longest one upload may take, in ms (the sink's own timeout); a round stops rather than start one that could outlive the lease. */
  readonly uploadBudgetMs: number;
}

/** What one round did: entries sent, and why it stopped early if it did. */
export interface ForwardReport {
  readonly sent: number;
  readonly outcome: 'caught_up' | 'more_pending' | 'not_claimed' | 'failed' | 'lease_lost';
}

/** Entries read per query, and queries per round: a backfill moves 10,000 entries a round, then yields. */
const READ_LIMIT = 500;
const READS_PER_ROUND = 20;

/** Backoff after a failure that may pass: 30 s, doubling, at most 15 min; a refusal waits 15 min. */
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 15 * 60_000;

/** How long to wait after the `failures`-th failure in a row, at least what the service asked for. */
export function backoffMs(failures: number, error: ExternalServiceError | undefined): number {
  if (error && !error.retryable) return MAX_BACKOFF_MS;
  const doubling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(doubling, (error?.retryAfterSeconds ?? 0) * 1000);
}

/**
 * One forwarding round: claims the destination's cursor, then reads the committed entries after it
 * in forwarding order, and for each batch one call may carry, uploads it and moves the cursor past
 * it by compare-and-set, so each entry is sent once across restarts and replicas (a crash between
 * an upload and its cursor move resends that batch once: the rows carry EntryId to tell).
 * A failed upload leaves the cursor where it was and sets the backoff in the database (shared by
 * every replica); a failure that waiting cannot cure (403: a missing role) is logged as an error
 * once, with the fix, until it changes or an upload succeeds.
 */
export async function forwardAudit(deps: ForwardAuditDeps): Promise<ForwardReport> {
  const { log, sink, owner, clock, logger } = deps;
  const target = sink.target;
  const claimedAt = clock.now();
  const leaseEnd = () => new Date(clock.now().getTime() + deps.leaseMs);
  const cursor = await log.claim(target, owner, claimedAt, leaseEnd());
  if (!cursor) return { sent: 0, outcome: 'not_claimed' };
  let position: ForwardPosition = cursor.position;
  let leaseUntil = claimedAt.getTime() + deps.leaseMs;
  let sent = 0;
  try {
    for (let read = 0; read < READS_PER_ROUND; read++) {
      const entries = await log.committedAfter(position, READ_LIMIT);
      if (entries.length === 0) return { sent, outcome: 'caught_up' };
      for (const batch of sink.chunks(entries)) {
        // Never start an upload that could still run when the lease passes to another replica.
        if (clock.now().getTime() + deps.uploadBudgetMs >= leaseUntil) return { sent, outcome: 'more_pending' };
        try {
          await sink.send(batch.map((entry) => entry.row));
        } catch (error) {
          await failed(deps, cursor, error);
          return { sent, outcome: 'failed' };
        }
        const to = batch.at(-1)!.position;
        const until = leaseEnd();
        if (!(await log.advance({ target, owner, from: position, to, count: batch.length, now: clock.now(), until }))) {
          logger.warn({ job: 'audit-forward', target }, 'lost the audit forwarding lease to another replica; it carries on from the cursor');
          return { sent, outcome: 'lease_lost' };
        }
        if (cursor.failures > 0 && sent === 0) logger.info({ job: 'audit-forward', target }, 'forwarding audit entries to Sentinel works again');
        position = to;
        leaseUntil = until.getTime();
        sent += batch.length;
      }
      if (entries.length < READ_LIMIT) return { sent, outcome: 'caught_up' };
    }
    return { sent, outcome: 'more_pending' };
  } finally {
    await log.release(target, owner);
  }
}

/** Records the failure and its backoff; logs a refusal once (until its reason changes), a passing failure as a warning. */
async function failed(deps: ForwardAuditDeps, cursor: { failures: number; lastError: string | null }, error: unknown): Promise<void> {
  const known = error instanceof ExternalServiceError ? error : undefined;
  const reason = known?.userMessage ?? `forwarding failed: ${error instanceof Error ? error.message : String(error)}`;
  // The same failure reads the same every time without its per-call reference (`ref …`).
  const sameReason = reason.replace(/(?:, )?ref [^\]]*(?=\])/, '').replace(' []', '');
  const failures = cursor.failures + 1;
  const wait = backoffMs(failures, known);
  const now = deps.clock.now();
  await deps.log.recordFailure({ target: deps.sink.target, owner: deps.owner, now, error: sameReason, nextAttemptAt: new Date(now.getTime() + wait) });
  const details = { job: 'audit-forward', target: deps.sink.target, failures, retryInMs: wait, status: known?.status };
  if (known && !known.retryable) {
    if (cursor.lastError !== sameReason) deps.logger.error(details, `audit entries are not reaching Sentinel: ${reason}`);
  } else {
    deps.logger.warn(details, `audit forwarding to Sentinel failed, will retry: ${reason}`);
  }
}
