import type { Database } from '../../src/adapters/db/database.ts';

/**
 * Waits until every transaction that wrote an audit entry has ended by the server's reckoning (its
 * xid below the snapshot's xmin), as forwarding to Sentinel requires before it sends an entry. On a
 * PostgreSQL server shared with other test files, another database's open write transaction holds
 * xmin back for a moment, and a forwarding round rightly waits. Throws after 30 s.
 */
export async function auditSettled(db: Database): Promise<void> {
  for (const deadline = Date.now() + 30_000; ; ) {
    const [row] = await db.prisma.$queryRaw<Array<{ settled: boolean }>>`
      SELECT coalesce(max("xid"), 0) < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS settled FROM "AuditEntry"`;
    if (row?.settled) return;
    if (Date.now() > deadline) throw new Error('a transaction that wrote audit entries is still open');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
