/** A request's audit trail: what the use-cases write, and the query port that reads it back. */
import type { AuditAction } from '../../domain/audit/audit-action.ts';
import type { Actor, RequestStatus } from '../../domain/request/request.ts';

export interface AuditDetails {
  readonly actor: Actor;
  readonly at: Date;
  readonly action: AuditAction;
  readonly details?: Record<string, unknown>;
}

/** One entry of a request's audit trail as stored: who did what, when, and the status it moved. */
export interface AuditRecord {
  /** Increasing with each write (a database sequence, as a decimal string): a stable cursor. */
  readonly id: string;
  readonly requestId: string;
  /** UTC instant. */
  readonly at: Date;
  readonly actor: Actor;
  readonly action: AuditAction;
  readonly fromStatus: RequestStatus | null;
  readonly toStatus: RequestStatus | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Which audit entries to read; every filter is optional and they combine (AND). */
export interface AuditQuery {
  /** Entries at or after this UTC instant. */
  readonly from?: Date;
  /** Entries strictly before this UTC instant. */
  readonly to?: Date;
  readonly requestId?: string;
  readonly actor?: Actor;
  /** Entries after this cursor (an AuditRecord id), for paging. */
  readonly after?: string;
  /** At most this many entries (1–1000). */
  readonly limit: number;
}

/** The read side of the audit trail, in the order written (for the audit export and App Home). */
export interface AuditTrail {
  /**
   * Entries matching `query` in the order they were written (by id, so paging with `after` never
   * skips one); throws a RangeError on a limit outside 1–1000 or a cursor that is not an entry id.
   */
  list(query: AuditQuery): Promise<AuditRecord[]>;
}
