import type { AuditForwardLog, ForwardCursor, ForwardEntry, ForwardPosition } from '../../app/ports/audit-forwarding.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { EXPORT_INCLUDE, toExportRow } from './prisma-audit-export.ts';

const MAX_LIMIT = 1000;

/**
 * The Sentinel forwarding cursor in PostgreSQL (`AuditForwardCursor`, one row per destination),
 * and the read of committed entries in forwarding order.
 *
 * Why the order is (xid, id) and not the id alone: ids come from a sequence, taken when a row is
 * inserted, while the row becomes visible when its transaction commits. Transaction A takes id 10,
 * B takes 11 and commits first: a reader that moved a cursor to 11 would never see 10. Each entry
 * records its top-level transaction id (`xid`, PostgreSQL's pg_current_xact_id(), 64 bits, never
 * wrapping), and a read returns only entries whose xid is below the xmin of its own snapshot: every
 * transaction below xmin has ended, so no entry can still appear before the last one returned
 * (PostgreSQL docs, "System Information Functions": pg_current_snapshot, pg_snapshot_xmin, "all
 * transaction IDs less than xmin are either committed and visible, or rolled back"). The price: an
 * entry waits while any older transaction on the server is open (seconds, in Unblock's writes).
 */
export class PrismaAuditForwarding implements AuditForwardLog {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async claim(target: string, owner: string, now: Date, until: Date): Promise<ForwardCursor | null> {
    await this.prisma.auditForwardCursor.createMany({ data: [{ target, updatedAt: now }], skipDuplicates: true });
    const { count } = await this.prisma.auditForwardCursor.updateMany({
      where: {
        target,
        // Not even its own holder re-enters a live lease: two rounds at once would both send the batch.
        AND: [{ OR: [{ leaseOwner: null }, { leaseUntil: { lte: now } }] }, { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] }],
      },
      data: { leaseOwner: owner, leaseUntil: until, updatedAt: now },
    });
    if (count === 0) return null;
    const row = await this.prisma.auditForwardCursor.findUniqueOrThrow({ where: { target } });
    return { position: { xid: row.afterXid.toString(), id: row.afterId.toString() }, failures: row.failures, lastError: row.lastError };
  }

  async committedAfter(after: ForwardPosition, limit: number): Promise<ForwardEntry[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new RangeError(`a forwarding read takes 1 to ${MAX_LIMIT} entries, not ${limit}`);
    // One statement, so the xmin compared is that of the snapshot the rows are read in.
    const places = await this.prisma.$queryRaw<Array<{ id: bigint; xid: bigint }>>`
      SELECT "id", "xid" FROM "AuditEntry"
      WHERE ("xid", "id") > (${BigInt(after.xid)}, ${BigInt(after.id)})
        AND "xid" < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
      ORDER BY "xid", "id"
      LIMIT ${limit}`;
    if (places.length === 0) return [];
    const rows = await this.prisma.auditEntry.findMany({ where: { id: { in: places.map((p) => p.id) } }, include: EXPORT_INCLUDE, relationLoadStrategy: 'join' });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return places.map((place) => ({ position: { xid: place.xid.toString(), id: place.id.toString() }, row: toExportRow(byId.get(place.id)!) }));
  }

  async advance(input: { target: string; owner: string; from: ForwardPosition; to: ForwardPosition; count: number; now: Date; until: Date }): Promise<boolean> {
    const { count } = await this.prisma.auditForwardCursor.updateMany({
      where: { target: input.target, leaseOwner: input.owner, afterXid: BigInt(input.from.xid), afterId: BigInt(input.from.id) },
      data: {
        afterXid: BigInt(input.to.xid),
        afterId: BigInt(input.to.id),
        sentCount: { increment: input.count },
        failures: 0,
        lastError: null,
        nextAttemptAt: null,
        leaseUntil: input.until,
        updatedAt: input.now,
      },
    });
    return count === 1;
  }

  async recordFailure(input: { target: string; owner: string; now: Date; error: string; nextAttemptAt: Date }): Promise<void> {
    await this.prisma.auditForwardCursor.updateMany({
      where: { target: input.target, leaseOwner: input.owner },
      data: { failures: { increment: 1 }, lastError: input.error, nextAttemptAt: input.nextAttemptAt, leaseOwner: null, leaseUntil: null, updatedAt: input.now },
    });
  }

  async release(target: string, owner: string): Promise<void> {
    await this.prisma.auditForwardCursor.updateMany({ where: { target, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
  }

  /**
   * How forwarding to `target` stands, for `npm run doctor`: entries sent, entries written since the
   * cursor (counted up to `countLimit`, so a cursor far behind costs a bounded read), and the failure
   * streak with Azure's last reason. Null when no replica has forwarded to `target` yet.
   */
  async status(target: string, countLimit = 10_000): Promise<ForwardStatus | null> {
    const row = await this.prisma.auditForwardCursor.findUnique({ where: { target } });
    if (!row) return null;
    const [{ waiting }] = await this.prisma.$queryRaw<[{ waiting: bigint }]>`
      SELECT count(*) AS "waiting" FROM (
        SELECT 1 FROM "AuditEntry" WHERE ("xid", "id") > (${row.afterXid}, ${row.afterId}) LIMIT ${countLimit + 1}
      ) AS "after"`;
    return {
      sent: Number(row.sentCount),
      waiting: Math.min(Number(waiting), countLimit),
      waitingCapped: Number(waiting) > countLimit,
      failures: row.failures,
      lastError: row.lastError,
      nextAttemptAt: row.nextAttemptAt,
      updatedAt: row.updatedAt,
    };
  }
}

/** How forwarding to one destination stands (PrismaAuditForwarding.status). */
export interface ForwardStatus {
  /** Entries Azure accepted so far. */
  readonly sent: number;
  /** Entries written after the cursor, not yet sent (at most the count limit; `waitingCapped` when there are more). */
  readonly waiting: number;
  readonly waitingCapped: boolean;
  /** Failed uploads in a row (0 after a success). */
  readonly failures: number;
  /** Azure's reason for the last failure, as logged; null after a success. */
  readonly lastError: string | null;
  /** The next upload is not tried before this instant (backoff); null when not backing off. */
  readonly nextAttemptAt: Date | null;
  /** When the cursor last changed (a claim, an upload, a failure). */
  readonly updatedAt: Date;
}
