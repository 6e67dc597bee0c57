/** The audit trail joined with its request, read in time order for the audit export and Sentinel. */
import type { RequestStatus } from '../../domain/request/request.ts';

/**
 * One audit entry with what an auditor needs of its request, in one row: the request's number and
 * target, the device groups its allow was approved for, who reported it, who acted, what moved.
 */
export interface AuditExportRow {
  /** The entry's id (a database sequence, as a decimal string). */
  readonly id: string;
  /** When the use-case stamped the entry, a UTC instant. */
  readonly at: Date;
  readonly requestId: string;
  /** The short number people see (#42). */
  readonly requestNumber: number;
  /** The host, IP address or URL the request is about (its targetValue). */
  readonly target: string;
  /** Defender's indicator type for the target: DomainName, IpAddress or Url. */
  readonly indicatorType: string;
  /**
   * The device groups this entry records, as they were when it was written (Defender's
   * rbacGroupNames of an approval or activation, or the groups after a scope change): an empty list
   * means every device; null for an entry that records none (a report, a denial, a reminder …).
   */
  readonly scope: readonly string[] | null;
  /** The Slack user id (U…) of whoever opened the request. */
  readonly requester: string;
  /** Who acted, as stored: `slack:U…` for people, `system:<component>` for Unblock itself. */
  readonly actor: string;
  /**
   * What happened (`request.approved` …; the flat names of earlier releases read as today's). An
   * action Unblock never writes is exported as stored, so a forged row shows rather than hides.
   */
  readonly action: string;
  readonly fromStatus: RequestStatus | null;
  readonly toStatus: RequestStatus | null;
  /** The entry's details, a JSON object as stored. */
  readonly details: unknown;
}

/** Where a page of the export ends: the next page starts strictly after (at, id). */
export interface AuditExportCursor {
  readonly at: Date;
  readonly id: string;
}

/** One page of the export: entries with since <= at < until, after `after`, in (at, id) order. */
export interface AuditExportQuery {
  /** Inclusive UTC instant. */
  readonly since: Date;
  /** Exclusive UTC instant; no upper bound when undefined. */
  readonly until?: Date;
  readonly after?: AuditExportCursor;
  /** 1–1000 rows. */
  readonly limit: number;
}

/** Reads the joined audit trail a page at a time (keyset paging, one query per page, no N+1). */
export interface AuditExportReader {
  /**
   * Up to `limit` rows of `query` in time order (by `at`, ties by id). Paging with `after` set to
   * the last row's (at, id) never skips nor repeats a row of a trail that is not written meanwhile;
   * throws a RangeError on a limit outside 1–1000.
   */
  page(query: AuditExportQuery): Promise<AuditExportRow[]>;
}
