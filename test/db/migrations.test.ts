import { openReported } from '../builders/audit-details.ts';
import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/adapters/db/apply-migrations.ts';
import { openDatabase, type Database } from '../../src/adapters/db/database.ts';
import { MIGRATIONS_DIR } from '../../src/adapters/db/migration-directory.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { canonicalIp } from '../../src/domain/target/canonical-value.ts';
import { databaseTargets, type TestDatabase } from '../support/test-databases.ts';

// Every committed migration, in order (prisma/migrations).
const ALL = readdirSync(new URL('../../prisma/migrations', import.meta.url), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Writes one request (and its audit entry) through the real store; returns its id. */
async function writeRequest(db: Database): Promise<string> {
  const id = randomUUID();
  await openReported(new PrismaRequestStore(db.prisma), {
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

/** A copy of prisma/migrations holding only the migrations named before `before`. */
async function migrationsBefore(before: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'unblock-migrations-'));
  await cp(join(MIGRATIONS_DIR, 'migration_lock.toml'), join(dir, 'migration_lock.toml'));
  for (const name of ALL.filter((n) => n < before)) await cp(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
  return dir;
}

const CANONICAL_IPS = '20261130100000_canonical_ip_values';
const REPLAN_BY_DUE_TIME = '20261130225850_reconcile_by_due_time';
const ALLOW_VERIFICATION = '20261202015544_allow_verification';

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
    expect(await db.prisma.auditEntry.findMany({ where: { requestId }, select: { action: true } })).toEqual([{ action: 'request.reported' }]);
  });

  // Versions before it stored IPv6 uncompressed (ipaddr.js toNormalizedString); Defender and Unblock
  // now use RFC 5952 (defender-api.md §8). host(inet) must print exactly what canonicalIp does.
  it('canonical_ip_values rewrites the IPv6 values earlier versions stored uncompressed, and nothing else', async () => {
    const db = await open();
    const older = await migrationsBefore(CANONICAL_IPS);
    try {
      await applyMigrations(db, older);
    } finally {
      await rm(older, { recursive: true, force: true });
    }
    const stored = [
      '2620:1ec:bdf:0:0:0:0:40',
      '2001:db8:0:0:1:0:0:1',
      '2001:db8:0:0:1:0:0:0',
      '2001:db8:0:1:1:1:1:1',
      '2001:0:0:0:0:0:0:1',
      '2620:0:0:0:0:0:0:0',
      '2001:4898:0:0:0:0:1050:1050',
      '2a00:1450:4001:82a:0:0:0:200e',
      '2000:0:0:0:0:ffff:808:808',
      '2001:0:0:0:0:0:808:808',
    ];
    const at = new Date('2026-11-20T09:00:00Z');
    const write = async (type: 'IpAddress' | 'DomainName', value: string, isOpen: boolean) => {
      const id = randomUUID();
      // Raw SQL: the client names every list column it knows (scopeChangeGroups, added by scope_change, absent here).
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "UnblockRequest" ("id", "status", "indicatorType", "targetValue", "openKey", "reportedTarget", "requesterId", "reason", "createdAt", "updatedAt")
         VALUES ($1::uuid, 'active', $2::"IndicatorType", $3, $4, $3, 'U0ALICE', '', $5, $5)`,
        id,
        type,
        value,
        isOpen ? `${type}:${value}` : null,
        at,
      );
      // Raw SQL: the client names every list column it knows (rbacGroupNames, added by allow_scope, absent here).
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "Decision" ("requestId", "outcome", "deciderId", "decidedAt", "duration", "allowUntil", "indicatorType", "indicatorValue")
         VALUES ($1::uuid, 'approved', 'U0BOB', $2, 'P1D', $2, $3::"IndicatorType", $4)`,
        id,
        at,
        type,
        value,
      );
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "AllowIndicator" ("requestId", "defenderId", "indicatorType", "indicatorValue", "reusedExisting", "recordedAt")
         VALUES ($1::uuid, $2, $3::"IndicatorType", $4, false, $5)`,
        id,
        `d-${id}`,
        type,
        value,
        at,
      );
      return id;
    };
    const ipv6 = await Promise.all(stored.map((value, i) => write('IpAddress', value, i % 2 === 0)));
    const untouched = [await write('IpAddress', '8.8.4.4', true), await write('DomainName', 'logistics.contoso.com', true)];

    expect(await applyMigrations(db)).toEqual(ALL.filter((name) => name >= CANONICAL_IPS));
    const values = async (id: string) => {
      const row = await db.prisma.unblockRequest.findUniqueOrThrow({ where: { id }, include: { decision: true, indicator: true } });
      return { target: row.targetValue, reported: row.reportedTarget, openKey: row.openKey, decided: row.decision!.indicatorValue, allowed: row.indicator!.indicatorValue };
    };
    for (const [i, id] of ipv6.entries()) {
      const canonical = canonicalIp(stored[i]!)!;
      expect(await values(id)).toEqual({ target: canonical, reported: canonical, openKey: i % 2 === 0 ? `IpAddress:${canonical}` : null, decided: canonical, allowed: canonical });
    }
    expect(await values(untouched[0]!)).toEqual({ target: '8.8.4.4', reported: '8.8.4.4', openKey: 'IpAddress:8.8.4.4', decided: '8.8.4.4', allowed: '8.8.4.4' });
    expect(await values(untouched[1]!)).toMatchObject({ target: 'logistics.contoso.com', openKey: 'DomainName:logistics.contoso.com' });
  });

  // Versions before it swept "the 200 oldest approved or active requests"; now the sweep reads the
  // stored due time, so every open allow an upgrade finds must be due at once (planned by the first
  // round), and closed ones never.
  it('reconcile_by_due_time makes every open allow due at once and leaves closed ones never due', async () => {
    const db = await open();
    const older = await migrationsBefore(REPLAN_BY_DUE_TIME);
    try {
      await applyMigrations(db, older);
    } finally {
      await rm(older, { recursive: true, force: true });
    }
    const write = async (status: string) => {
      const id = randomUUID();
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "UnblockRequest" ("id", "status", "indicatorType", "targetValue", "reportedTarget", "requesterId", "reason", "createdAt", "updatedAt")
         VALUES ($1::uuid, $2::"RequestStatus", 'DomainName', $3, $3, 'U0ALICE', '', now(), now())`,
        id,
        status,
        `${status}-${id.slice(0, 8)}.contoso.com`,
      );
      await db.prisma.$executeRawUnsafe(`INSERT INTO "Lifecycle" ("requestId") VALUES ($1::uuid)`, id);
      return id;
    };
    const ids = { approved: await write('approved'), active: await write('active'), expired: await write('expired'), revoked: await write('revoked') };

    expect(await applyMigrations(db)).toEqual(ALL.filter((name) => name >= REPLAN_BY_DUE_TIME));
    const due = async (id: string) => (await db.prisma.lifecycle.findUniqueOrThrow({ where: { requestId: id } })).nextDueAt;
    expect(await due(ids.approved)).toEqual(new Date(0));
    expect(await due(ids.active)).toEqual(new Date(0));
    expect(await due(ids.expired)).toBeNull();
    expect(await due(ids.revoked)).toBeNull();
  });

  it('allow_verification counts the checks of allows approved before it as done, so an upgrade does not hunt for them all at once', async () => {
    const db = await open();
    const older = await migrationsBefore(ALLOW_VERIFICATION);
    try {
      await applyMigrations(db, older);
    } finally {
      await rm(older, { recursive: true, force: true });
    }
    const write = async () => {
      const id = randomUUID();
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "UnblockRequest" ("id", "status", "indicatorType", "targetValue", "reportedTarget", "requesterId", "reason", "createdAt", "updatedAt")
         VALUES ($1::uuid, 'active'::"RequestStatus", 'DomainName', $2, $2, 'U0ALICE', '', now(), now())`,
        id,
        `portal-${id.slice(0, 8)}.contoso.com`,
      );
      await db.prisma.$executeRawUnsafe(`INSERT INTO "Lifecycle" ("requestId") VALUES ($1::uuid)`, id);
      return id;
    };
    const id = await write();

    expect(await applyMigrations(db)).toEqual(ALL.filter((name) => name >= ALLOW_VERIFICATION));
    expect(await db.prisma.lifecycle.findUniqueOrThrow({ where: { requestId: id } })).toMatchObject({ verifyCount: 2, verifiedAt: null, verifyBlockedDevices: null });
    // A lifecycle created afterwards starts with no check made.
    const later = await write();
    expect(await db.prisma.lifecycle.findUniqueOrThrow({ where: { requestId: later } })).toMatchObject({ verifyCount: 0 });
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
