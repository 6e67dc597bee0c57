/** Forwarding the audit trail to a SIEM (Microsoft Sentinel): the shared cursor and the destination. */
import type { AuditExportRow } from './audit-export.ts';

/**
 * A place in the audit trail in forwarding order: the writing transaction's id (xid8), then the
 * entry id, both decimal strings. Entries are forwarded in this order, and only once every
 * transaction that could still add an entry before this place has ended (see committedAfter).
 */
export interface ForwardPosition {
  readonly xid: string;
  readonly id: string;
}

/** The start of the trail: before every entry. */
export const TRAIL_START: ForwardPosition = { xid: '0', id: '0' };

/** The cursor row of one destination as the lease holder read it. */
export interface ForwardCursor {
  /** Everything up to and including this place has been sent. */
  readonly position: ForwardPosition;
  /** Failed uploads in a row (0 after a success). */
  readonly failures: number;
  /** The destination's reason for the last failure, as logged; null after a success. */
  readonly lastError: string | null;
}

/** An entry ready to send: its place in forwarding order and the row itself. */
export interface ForwardEntry {
  readonly position: ForwardPosition;
  readonly row: AuditExportRow;
}

/**
 * The forwarding cursor shared by every replica (one row per destination), moved by compare-and-set
 * under a lease: at most one replica forwards to a destination at a time, and a replica that lost
 * its lease can no longer move the cursor.
 */
export interface AuditForwardLog {
  /**
   * Takes the lease on `target` for `owner` until `until` (a UTC instant) when nobody holds it (or
   * its holder's lease ran out; a live lease is refused to its own holder too, so two rounds of one
   * process never overlap) and no backoff is pending (the last
   * failure's next attempt is due by `now`). Creates the cursor at TRAIL_START the first time.
   * Returns the cursor, or null when another replica holds it or the backoff has not elapsed.
   */
  claim(target: string, owner: string, now: Date, until: Date): Promise<ForwardCursor | null>;
  /**
   * Up to `limit` (1–1000) entries after `after` in forwarding order whose writing transaction has
   * ended: an entry whose transaction is still open, and every entry after it, waits for a later
   * read. So an entry that takes a lower id but commits later than its neighbour is never skipped.
   */
  committedAfter(after: ForwardPosition, limit: number): Promise<ForwardEntry[]>;
  /**
   * Compare-and-set: moves the cursor from `from` to `to`, adds `count` to the sent total, clears
   * the failures and extends the lease to `until`, only while `owner` holds the lease and the cursor
   * is still at `from`. False (nothing changed) otherwise.
   */
  advance(input: { target: string; owner: string; from: ForwardPosition; to: ForwardPosition; count: number; now: Date; until: Date }): Promise<boolean>;
  /** Records a failed upload (one more failure, the reason, the next attempt's instant) and gives up the lease; only while `owner` holds it. */
  recordFailure(input: { target: string; owner: string; now: Date; error: string; nextAttemptAt: Date }): Promise<void>;
  /** Gives up `owner`'s lease, if it still holds it. */
  release(target: string, owner: string): Promise<void>;
}

/**
 * Where the entries go. `chunks` cuts rows into the batches one call may carry (the destination's
 * size limit); `send` uploads one such batch in one call, all or nothing, and throws
 * ExternalServiceError (service `sentinel` or `entra`) when it did not arrive.
 */
export interface AuditSink {
  /** A name for logs and the cursor: `<rule id>/<stream>`. */
  readonly target: string;
  chunks(rows: readonly ForwardEntry[]): ForwardEntry[][];
  send(rows: readonly AuditExportRow[]): Promise<void>;
}
