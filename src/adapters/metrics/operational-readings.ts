/** Every request status, as the database's RequestStatus enum spells them (prisma/schema.prisma). */
export const REQUEST_STATUSES = ['investigating', 'pending_approval', 'approved', 'active', 'denied', 'expired', 'revoked', 'failed'] as const;

/** A request status, as stored. */
export type StoredRequestStatus = (typeof REQUEST_STATUSES)[number];

/** What the database-backed gauges show, read once per scrape. */
export interface Readings {
  /** How many requests are in each status (statuses with none may be missing). */
  readonly requestsByStatus: Partial<Record<StoredRequestStatus, number>>;
  /** Seconds since the oldest scheduled work fell due (0 when nothing is overdue). */
  readonly reconcileLagSeconds: number;
  /**
   * Requests whose scheduled work is due now, including those marked "due now, plan again" (which
   * have no due instant, so no lag): above 0 for long, the reconciler is not running anywhere.
   */
  readonly reconcileWaiting: number;
  /** Slack messages queued and not yet delivered. */
  readonly slackBacklog: number;
}

/** Reads the gauges' values from the shared database (see PrismaOperationalReadings). Throws when the database does not answer. */
export interface OperationalReadings {
  read(): Promise<Readings>;
}
