import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/adapters/db/apply-migrations.ts';
import { openDatabase, type Database } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { databaseTargets, type TestDatabase } from '../support/test-databases.ts';

// Every committed migration, in order (prisma/migrations).
const ALL = readdirSync(new URL('../../prisma/migrations', import.meta.url), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Writes one request (and its audit entry) through the real store; returns its id. */
async function writeRequest(db: Database): Promise<string> {
  const id = randomUUID();
  await new PrismaRequestStore(db.prisma).openRequest({
    id,
    target: { type: 'DomainName', value: 'logistics.contoso.com' },
    reportedTarget: 'logistics.contoso.com',
    coversSubdomains: false,
    requesterId: 'U0ALICE',
    reason: '',
    at: new Date('2026-11-26T09:00:00.000Z'),
  });
  return id;
}

const recorded = (db: Database) =>
  db.prisma.$queryRawUnsafe<Array<{ migration_name: string; finished: boolean }>>(
    'SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY migration_name',
  );

describe.each(databaseTargets())('migrations ($name)', (target) => {
  let database: TestDatabase;
  const opened: Database[] = [];
  const open = async () => {
    const db = await openDatabase(database.settings);
    opened.push(db);
    return db;
  };
  const close = async (db: Database) => {
    opened.splice(opened.indexOf(db), 1);
    await db.close();
  };

  beforeEach(async () => {
    database = await target.create();
  });
  afterEach(async () => {
    for (const db of opened.splice(0).reverse()) await db.close().catch(() => {});
    await database?.drop();
  });

  it('applies the init migration once, records it, and applies nothing the second time', async () => {
    const db = await open();
    expect(await applyMigrations(db)).toEqual(ALL);
    expect(await applyMigrations(db)).toEqual([]);
    expect(await recorded(db)).toEqual(ALL.map((migration_name) => ({ migration_name, finished: true })));
  });

  it('keeps the audit trail append-only: UPDATE and DELETE of an entry are refused', async () => {
    const db = await open();
    await applyMigrations(db);
    const requestId = await writeRequest(db);

    await expect(db.prisma.$executeRawUnsafe(`UPDATE "AuditEntry" SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)).rejects.toThrow(/append-only/);
    expect(await db.prisma.auditEntry.findMany({ where: { requestId }, select: { action: true } })).toEqual([{ action: 'reported' }]);
  });

  it.skipIf(target.name !== 'postgres')('lets two replicas migrate at the same time: both succeed, the migration is recorded once', async () => {
    const [a, b] = [await open(), await open()];
    const applied = await Promise.all([applyMigrations(a), applyMigrations(b)]);

    expect(applied.flat().sort()).toEqual(ALL);
    expect(await recorded(a)).toEqual(ALL.map((migration_name) => ({ migration_name, finished: true })));
  });

  // The schema engine takes Prisma's migrate advisory lock (72707369) on its session; it must be gone
  // once migrating is over, or every other replica's applyMigrations would wait for it.
  it.skipIf(target.name !== 'postgres')('releases every connection and advisory lock when closed after migrating', async () => {
    const db = await open();
    await applyMigrations(db);
    await close(db);
    const admin = new pg.Client({ connectionString: database.settings.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `SELECT l.objid FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND a.datname = current_database()`,
      );
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  it.skipIf(target.name !== 'pglite')('keeps data in the directory across close and reopen', async () => {
    const first = await open();
    await applyMigrations(first);
    const requestId = await writeRequest(first);
    await close(first);

    const again = await open();
    expect(await applyMigrations(again)).toEqual([]);
    expect(await again.prisma.unblockRequest.findUnique({ where: { id: requestId } })).toMatchObject({ status: 'investigating' });
  });
});
